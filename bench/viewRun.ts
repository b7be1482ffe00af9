/**
 * One Tickwire view under load, measured as a user sees it: browser mode started on `config` (its
 * own process and state directory), the page opened in Chromium once the engine is receiving;
 * page open → first value painted; display latency over the first 10 s (start-up) from
 * `/api/stats`; then fps, long tasks, display and feed latency, frames and bytes per frame and
 * the engine's CPU share over `FPS_MS` ending at `STEADY_AT_MS` after the page opened.
 * `DISPLAY_PROFILE=1` adds where the page's main thread went.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Browser } from '@playwright/test'
import type { StatsPayload } from '@shared/model'
import { mainThreadBreakdown, measure, PAGE_PROBE, topSelfTime, traceTopEvents } from './pageFrames'
import { startSoakServe, writeReporter } from './soakServe'

export const STARTUP_MS = 10_000
export const FPS_MS = 10_000
/**
 * When the steady figures are read: after 70 s start-up has left the engine's 60 s window (six
 * 10 s slices, epoch aligned); a quick run (`DISPLAY_QUICK=1`) reads them at 25 s, start-up
 * included, and says so.
 */
export const QUICK = process.env.DISPLAY_QUICK === '1'
const STEADY_AT_MS = QUICK ? 25_000 : 70_000
export const VIEWPORT = { width: 1920, height: 1080 }

interface PageDisplay {
  frames: number
  frameBytes: number
  maxFrameBytes: number
  firstValueMs: number | null
}

async function stats(url: string): Promise<StatsPayload> {
  const response = await fetch(new URL('api/stats', url))
  if (!response.ok) throw new Error(`/api/stats answered ${response.status}`)
  return (await response.json()) as StatsPayload
}

export interface ViewRunOptions {
  browser: Browser
  serveJs: string
  /** A scratch folder (config, state directory, reporter). */
  work: string
  /** Names the run's files. */
  name: string
  config: unknown
  /** `viewProbe(…)` for the value that counts as first painted. */
  probe: string
}

export async function measureView(options: ViewRunOptions) {
  const { browser, serveJs, work, name } = options
  const configPath = join(work, `${name}.json`)
  await writeFile(configPath, JSON.stringify(options.config))
  const serve = await startSoakServe({
    serveJs,
    reporterPath: await writeReporter(join(work, 'reporter.cjs')),
    configPath,
    stateDir: join(work, `state-${name}`)
  })
  const page = await browser.newPage({ viewport: VIEWPORT })
  try {
    // The engine is connected and receiving before the page opens, as on a desk.
    await new Promise((done) => setTimeout(done, 2_000))
    await page.addInitScript({ content: PAGE_PROBE + options.probe })
    const openedAt = Date.now()
    await page.goto(serve.url)
    await page.waitForFunction(
      () => (globalThis as unknown as { __display: PageDisplay }).__display.firstValueMs !== null,
      undefined,
      { timeout: 30_000 }
    )
    const sinceOpen = (): number => Date.now() - openedAt
    await page.waitForTimeout(Math.max(0, STARTUP_MS - sinceOpen()))
    const startup = (await stats(serve.url)).display.latencyMs
    await page.waitForTimeout(Math.max(0, STEADY_AT_MS - FPS_MS - sinceOpen()))
    const before = (await page.evaluate('({ ...window.__display })')) as PageDisplay
    await serve.sample({ gc: false })
    const frames = await measure(page, FPS_MS)
    const cpu = await serve.sample({ gc: false })
    const after = (await page.evaluate('({ ...window.__display })')) as PageDisplay
    const steady = await stats(serve.url)
    const profile =
      process.env.DISPLAY_PROFILE === '1'
        ? {
            selfMs: await topSelfTime(page, 5_000),
            mainThreadMs: await mainThreadBreakdown(page, 5_000),
            traceMs: await traceTopEvents(browser, page, 3_000)
          }
        : undefined
    const frameCount = after.frames - before.frames
    return {
      firstValueMs: Math.round(after.firstValueMs ?? -1),
      startup: { firstSeconds: STARTUP_MS / 1000, displayLatencyMs: startup },
      steady: {
        includesStartup: QUICK,
        fps: frames.fps,
        frameMsP99: frames.frameMsP99,
        longTasks: frames.longTasks,
        longTaskMaxMs: frames.longTaskMaxMs,
        displayLatencyMs: steady.display.latencyMs,
        feedLatencyMs: steady.sources[0]?.latencyMs.feed ?? null,
        framesPerSec: Number((frameCount / (FPS_MS / 1000)).toFixed(1)),
        bytesPerFrame: frameCount === 0 ? 0 : Math.round((after.frameBytes - before.frameBytes) / frameCount),
        maxFrameBytes: after.maxFrameBytes,
        engineCpuShare: Number(cpu.cpuShare.toFixed(3))
      },
      problems: serve.stderrLines().slice(0, 5),
      ...(profile === undefined ? {} : { pageProfile: profile })
    }
  } finally {
    await page.close()
    await serve.stop()
  }
}

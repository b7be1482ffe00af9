/**
 * `npm run bench -- topics`: does the Topics view hold its frames on a broker with 100,000
 * topics under a flood? A paced broker (a worker thread, `TOPICS_RATE` msg/s, default 20,000)
 * goes round `TOPICS_COUNT` topics (default 100,000, `plant/area<a>/line<l>/m<m>/status`, JSON text
 * states: topics, not gauges); browser mode subscribes to them; headless Chromium at 1920×1080
 * measures, for `TOPICS_PHASE_MS` each (10 s): the board (the baseline of the same run), the Topics
 * view open, and the view scrolled through all its rows (a few rows a frame, a jump every second),
 * with the share of rows in sight still waiting for their page. Then the time from typing a
 * filter to its first match on screen, and the engine's CPU share in each phase. Prints JSON.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { startPacedBroker } from './soakTelemetry'
import { buildServe, startSoakServe, writeReporter, type SoakServe } from './soakServe'
import { measure, PAGE_PROBE, topSelfTime } from './pageFrames'

const RATE = Number(process.env.TOPICS_RATE ?? 20_000)
const COUNT = Number(process.env.TOPICS_COUNT ?? 100_000)
const PHASE_MS = Number(process.env.TOPICS_PHASE_MS ?? 10_000)
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'

/** Runs in the page: scrolls the tree a few rows each frame, jumps somewhere every second, and counts blank rows. */
const SCROLLER = `
  window.__scroll = { frames: 0, rowsInSight: 0, pending: 0, stop: false }
  const tree = document.querySelector('[data-panel="topics"] [role="tree"]')
  let lastJump = performance.now()
  const step = (t) => {
    if (window.__scroll.stop) return
    const max = tree.scrollHeight - tree.clientHeight
    if (t - lastJump > 1000) {
      tree.scrollTop = Math.random() * max
      lastJump = t
    } else tree.scrollTop = tree.scrollTop + 26 * 3 >= max ? 0 : tree.scrollTop + 26 * 3
    window.__scroll.frames++
    window.__scroll.rowsInSight += tree.querySelectorAll('.row').length
    window.__scroll.pending += tree.querySelectorAll('.row.pending').length
    requestAnimationFrame(step)
  }
  requestAnimationFrame(step)
`

/** The page's frames over a phase, and the engine's CPU share (1 = a core) meanwhile. */
async function phase(page: Page, serve: SoakServe) {
  await serve.sample({ gc: false })
  const frames = await measure(page, PHASE_MS)
  const { cpuShare } = await serve.sample({ gc: false })
  return { ...frames, engineCpuShare: Number(cpuShare.toFixed(3)) }
}

async function topicCount(page: Page): Promise<number> {
  const text = (await page.locator('[data-topic-count]').textContent()) ?? ''
  return Number(text.replace(/[^0-9]/g, ''))
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'tickwire-topics-bench-'))
  const broker = await startPacedBroker({ ratePerSec: RATE, sensors: COUNT, tickMs: 10, layout: 'plant' })
  const config = {
    market: [],
    telemetry: [
      // aedes speaks MQTT 3.1.1.
      { id: 'plant', url: broker.url, protocolVersion: 4, subscriptions: [{ topic: 'plant/#', qos: 0 }] }
    ]
  }
  const configPath = join(work, 'topics.json')
  await writeFile(configPath, JSON.stringify(config))
  const serveJs = process.env.TOPICS_SERVE_JS ?? (await buildServe(join(work, 'out')))
  const serve = await startSoakServe({
    serveJs,
    reporterPath: await writeReporter(join(work, 'reporter.cjs')),
    configPath,
    stateDir: join(work, 'state')
  })
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] })
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } })
    await page.addInitScript({ content: PAGE_PROBE })
    await page.goto(serve.url)
    await page.waitForSelector('[data-source="plant"][data-state="open"]')
    await broker.go()
    // Every topic seen once before anything is measured.
    await page.click('[data-action="open-topics"]')
    const filledBy = Date.now() + Math.max(60_000, (COUNT / RATE) * 4_000)
    while ((await topicCount(page)) < COUNT && Date.now() < filledBy) await page.waitForTimeout(500)
    const topics = await topicCount(page)
    await page.click('[data-action="close-topics"]')
    await page.waitForTimeout(2_000)

    const board = await phase(page, serve)

    await page.click('[data-action="open-topics"]')
    await page.waitForSelector('[data-panel="topics"] [data-topic]')
    await page.waitForTimeout(2_000)
    const open = await phase(page, serve)

    await page.evaluate(SCROLLER)
    const scrolling = await phase(page, serve)
    // `TOPICS_PROFILE=1`: where the page's time goes while it scrolls.
    const profile = process.env.TOPICS_PROFILE ? await topSelfTime(page, 5_000) : undefined
    const scroll = (await page.evaluate('window.__scroll.stop = true; window.__scroll')) as {
      frames: number
      rowsInSight: number
      pending: number
    }

    const typedAt = Date.now()
    await page.locator('input[name="topic-filter"]').fill('plant/area7/line42/+/status')
    await page.waitForSelector('[data-topic="plant/area7/line42/m0/status"]')
    const filterMs = Date.now() - typedAt

    const counts = await broker.stop()
    console.log(
      JSON.stringify(
        {
          benchmark: 'topics',
          ratePerSec: RATE,
          achievedPerSec: Math.round(counts.published / (counts.elapsedMs / 1000)),
          topics,
          viewport: '1920x1080',
          board,
          topicsOpen: open,
          scrolling: {
            ...scrolling,
            blankRowShare: Number((scroll.pending / Math.max(1, scroll.rowsInSight)).toFixed(3))
          },
          fpsRatioOpen: Number((open.fps / Math.max(1, board.fps)).toFixed(3)),
          fpsRatioScrolling: Number((scrolling.fps / Math.max(1, board.fps)).toFixed(3)),
          filterToFirstMatchMs: filterMs,
          ...(profile === undefined ? {} : { scrollingProfileSelfMs: profile })
        },
        null,
        2
      )
    )
  } finally {
    await browser.close()
    await serve.stop()
    await broker.close()
    await rm(work, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})

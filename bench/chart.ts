/**
 * `npm run bench -- chart`: does an open chart cost the live board its frames? Browser mode on a
 * paced flood (`CHART_RATE`, default 100,000 msg/s over 500 symbols, from a worker thread), the
 * page in headless Chromium at 1920×1080; the frame intervals and long tasks of the board alone
 * are measured for `CHART_PHASE_MS` (15 s), then again with a ticker's chart open at 1 min (raw
 * points and its bid/ask band, the heaviest range) — both figures from the same run, so the
 * machine's own load cancels out. Prints JSON.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { measure, PAGE_PROBE, topSelfTime } from './pageFrames'
import { EXCHANGE_MAPPING, EXCHANGE_SUBSCRIBE_TEMPLATE } from '../src/main/demo/exchangeProtocol'
import { startPacedFeed } from './soakFeed'
import { buildServe, startSoakServe, writeReporter } from './soakServe'

const RATE = Number(process.env.CHART_RATE ?? 100_000)
const PHASE_MS = Number(process.env.CHART_PHASE_MS ?? 15_000)
const SYMBOLS = Array.from({ length: 500 }, (_, i) => `S${String(i).padStart(3, '0')}`)
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'tickwire-chart-bench-'))
  const feed = await startPacedFeed({ ratePerSec: RATE, symbols: SYMBOLS, tickMs: 10 })
  const config = {
    market: [
      {
        id: 'flood',
        adapter: 'json',
        url: feed.url,
        symbols: [],
        mapping: { ...EXCHANGE_MAPPING },
        subscribe: { ...EXCHANGE_SUBSCRIBE_TEMPLATE }
      }
    ],
    telemetry: []
  }
  const configPath = join(work, 'chart.json')
  await writeFile(configPath, JSON.stringify(config))
  const serveJs = process.env.CHART_SERVE_JS ?? (await buildServe(join(work, 'out')))
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
    await feed.go()
    await page.waitForSelector('[data-ticker]')
    // Warm-up: the grid fills, the first frames settle.
    await page.waitForTimeout(5_000)
    const board = await measure(page, PHASE_MS)
    await page.locator('[data-ticker]').first().click()
    await page.locator('[data-range-option="1m"]').click()
    await page.waitForSelector('[data-chart-pane] canvas')
    await page.waitForTimeout(2_000)
    const withChart = await measure(page, PHASE_MS)
    const profile = process.env.CHART_PROFILE ? await topSelfTime(page, 5_000) : undefined
    const points = Number(await page.locator('[data-chart]').getAttribute('data-points'))
    const counts = await feed.counts()
    console.log(
      JSON.stringify(
        {
          benchmark: 'chart',
          ratePerSec: RATE,
          achievedPerSec: Math.round(counts.sent / (counts.elapsedMs / 1000)),
          viewport: '1920x1080',
          board,
          withChart: { ...withChart, chartPoints: points },
          fpsRatio: Number((withChart.fps / Math.max(1, board.fps)).toFixed(3)),
          ...(profile === undefined ? {} : { profileSelfMs: profile })
        },
        null,
        2
      )
    )
  } finally {
    await browser.close()
    await serve.stop()
    await feed.close()
    await rm(work, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})

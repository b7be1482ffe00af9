/**
 * `npm run bench -- display`: how fresh is the number on screen, against the physical floor?
 * Per rate (`DISPLAY_RATES`, default 5k, 20k, 100k msg/s over 500 symbols, from a timer-paced
 * feed thread in this process), in headless Chromium at 1920×1080:
 *
 * 1. the floor — a minimal page on a bare WebSocket to the same flood, painting one number per
 *    animation frame and recording paint − receive for each symbol's latest value;
 * 2. Tickwire — browser mode (its own process, a fresh state directory) on that flood, the page
 *    opened: page open → first value painted; display latency over the first 10 s (start-up:
 *    mounting, fonts, the hello snapshot) from `/api/stats`; then, once those seconds have left
 *    the engine's 60 s window, the steady figures (fps, display p50/p99/max, frames and bytes per
 *    frame, the engine's CPU share).
 *
 * `DISPLAY_QUICK=1` reads the steady figures at 25 s instead of 70 s (they then include start-up;
 * the output says so); `DISPLAY_PROFILE=1` adds where the page's main thread went. Skipped, with
 * the reason, when no Chromium is found. Prints JSON.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from '@playwright/test'
import { floorPage, measureFloor, TICKWIRE_PROBE } from './displayProbes'
import { EXCHANGE_MAPPING, EXCHANGE_SUBSCRIBE_TEMPLATE } from '../src/main/demo/exchangeProtocol'
import { startPacedFeed, type PacedFeed } from './soakFeed'
import { buildServe } from './soakServe'
import { measureView, VIEWPORT } from './viewRun'

const RATES = (process.env.DISPLAY_RATES ?? '5000,20000,100000').split(',').map(Number)
const FLOOR_WARMUP_MS = 3_000
const FLOOR_MS = Number(process.env.DISPLAY_FLOOR_MS ?? 15_000)
const SYMBOLS = Array.from({ length: 500 }, (_, i) => `S${String(i).padStart(3, '0')}`)
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'

async function floor(browser: Browser, feed: PacedFeed) {
  const page = await browser.newPage({ viewport: VIEWPORT })
  try {
    await page.setContent(
      floorPage(feed.url, JSON.stringify({ op: 'subscribe', symbols: SYMBOLS, batch: true }))
    )
    return await measureFloor(page, FLOOR_WARMUP_MS, FLOOR_MS)
  } finally {
    await page.close()
  }
}

function tickwire(browser: Browser, feed: PacedFeed, serveJs: string, work: string, rate: number) {
  return measureView({
    browser,
    serveJs,
    work,
    name: `display-${rate}`,
    config: {
      market: [
        {
          id: 'flood',
          adapter: 'json',
          url: feed.url,
          symbols: SYMBOLS,
          mapping: { ...EXCHANGE_MAPPING },
          subscribe: { ...EXCHANGE_SUBSCRIBE_TEMPLATE }
        }
      ],
      telemetry: []
    },
    probe: TICKWIRE_PROBE
  })
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(
      JSON.stringify({ benchmark: 'display', skipped: `no Chromium at ${CHROMIUM} (set CHROMIUM)` })
    )
    return
  }
  const work = await mkdtemp(join(tmpdir(), 'tickwire-display-bench-'))
  const serveJs = process.env.DISPLAY_SERVE_JS ?? (await buildServe(join(work, 'out')))
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] })
  const results = []
  try {
    for (const rate of RATES) {
      const feed = await startPacedFeed({ ratePerSec: rate, symbols: SYMBOLS, tickMs: 4 })
      try {
        await feed.go()
        const floorFigures = await floor(browser, feed)
        const tickwireFigures = await tickwire(browser, feed, serveJs, work, rate)
        const counts = await feed.counts()
        results.push({
          ratePerSec: rate,
          achievedPerSec: Math.round(counts.sent / (counts.elapsedMs / 1000)),
          floor: floorFigures,
          tickwire: tickwireFigures
        })
      } finally {
        await feed.close()
      }
    }
  } finally {
    await browser.close()
    await rm(work, { recursive: true, force: true })
  }
  console.log(
    JSON.stringify(
      {
        benchmark: 'display',
        symbols: SYMBOLS.length,
        viewport: `${VIEWPORT.width}x${VIEWPORT.height}`,
        targets:
          'Tickwire display p50 ≤ 16.7 ms, p99 ≤ 33 ms, fps ≥ 58, first value ≤ 500 ms; compare with floor',
        results
      },
      null,
      2
    )
  )
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})

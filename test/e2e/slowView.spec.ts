import { expect, test, type Page } from '@playwright/test'
import type { StatsPayload } from '@shared/model'
import { FRAMES_IN_FLIGHT } from '../../src/main/engine/viewSession'
import { FeedServer } from '../harness/feedServer'
import { MB, rssBytes } from '../harness/processMemory'
import { deskFeed, writeConfigDir, type ConfigDir } from './support/configFile'
import { startServe, type ServeProcess } from './support/serveProcess'

/**
 * Issue 11's safety promise: a view that paints slowly (a wall screen's browser on a weak machine)
 * never makes the engine buffer without bound; it just gets fewer, fuller frames. The page's main
 * thread is held ~190 ms per animation frame (about 5 fps) under a 5,000 msg/s flood over 500
 * symbols; memory is sampled on both sides after a warm-up and again 12 s later.
 */
const SYMBOLS = Array.from({ length: 500 }, (_, i) => `S${String(i).padStart(3, '0')}`)
const RATE_PER_SEC = 5_000
const TICK_MS = 10

let feed: FeedServer
let serve: ServeProcess
let config: ConfigDir
let flood: ReturnType<typeof setInterval> | null = null

test.beforeAll(async () => {
  feed = await FeedServer.start()
  config = writeConfigDir({ market: [deskFeed(feed.url, { symbols: SYMBOLS })] })
  serve = await startServe([
    '--port',
    '0',
    '--no-demo',
    '--config',
    config.configFile,
    '--state-dir',
    config.stateDir
  ])
})

test.afterAll(async () => {
  if (flood !== null) clearInterval(flood)
  expect(await serve?.stop()).toBe(0)
  await feed?.close()
  config?.remove()
})

/** Timer-paced (never a busy loop): `RATE_PER_SEC` ticks a second, round-robin over the symbols. */
function startFlood(): void {
  let n = 0
  const perTick = (RATE_PER_SEC * TICK_MS) / 1000
  flood = setInterval(() => {
    for (let i = 0; i < perTick; i++, n++) {
      const symbol = SYMBOLS[n % SYMBOLS.length]
      feed.send({ s: symbol, p: 100 + (n % 1000) / 100, E: Date.now() })
    }
  }, TICK_MS)
}

/** The page's JS heap after a full collection, in bytes. */
async function pageHeap(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  const { usedSize } = await cdp.send('Runtime.getHeapUsage')
  await cdp.detach()
  return usedSize
}

test('a view painting at 5 fps gets fewer, fuller frames and keeps memory flat on both sides', async ({
  page
}) => {
  test.setTimeout(90_000)
  // Holds the main thread ~190 ms in every animation frame: the page paints about 5 times a second.
  await page.addInitScript(`
    window.__paints = 0
    const hold = () => {
      window.__paints++
      const until = performance.now() + 190
      while (performance.now() < until) {} // a slow machine's paint
      requestAnimationFrame(hold)
    }
    requestAnimationFrame(hold)
  `)
  let frames = 0
  let frameBytes = 0
  page.on('websocket', (socket) =>
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload === 'string' && payload.startsWith('{"type":"frame"')) {
        frames++
        frameBytes += payload.length
      }
    })
  )
  await page.goto(serve.url)
  await expect(page.locator('[data-source="desk"]')).toHaveAttribute('data-state', 'open')
  startFlood()

  await page.waitForTimeout(6_000)
  const pid = serve.child.pid!
  const engineBefore = rssBytes(pid)!
  const heapBefore = await pageHeap(page)
  const paintsBefore = (await page.evaluate('window.__paints')) as number
  const framesBefore = frames
  const bytesBefore = frameBytes

  await page.waitForTimeout(12_000)
  const engineAfter = rssBytes(pid)!
  const heapAfter = await pageHeap(page)
  const paints = ((await page.evaluate('window.__paints')) as number) - paintsBefore
  const framed = frames - framesBefore
  const stats = (await (await page.request.get(`${serve.origin}/api/stats`)).json()) as StatsPayload

  test.info().annotations.push({
    type: 'figures',
    description: `${paints} paints, ${framed} frames of ${Math.round((frameBytes - bytesBefore) / framed)} B; engine RSS ${((engineAfter - engineBefore) / MB).toFixed(1)} MB, page heap ${((heapAfter - heapBefore) / MB).toFixed(1)} MB over 12 s`
  })
  // The page really was slow, and the flood really ran.
  expect(paints).toBeGreaterThan(20)
  expect(paints).toBeLessThan(12 * 8)
  expect(stats.sources[0].messages).toBeGreaterThan(RATE_PER_SEC * 10)
  // Never more frames than the credits each paint returns: a fast view gets ~100 a second.
  expect(framed).toBeLessThanOrEqual(FRAMES_IN_FLIGHT * (paints + 2))
  // Fuller frames: each carries most of the 500 symbols, not a queue of stale ones.
  expect((frameBytes - bytesBefore) / framed).toBeLessThan(SYMBOLS.length * 220)
  // Flat on both sides (generous margins: V8 and malloc return memory lazily).
  expect(engineAfter - engineBefore, 'engine RSS growth').toBeLessThan(40 * MB)
  expect(heapAfter - heapBefore, 'page heap growth').toBeLessThan(8 * MB)

  // Nothing is lost: once the flood stops, the latest value of each symbol is on screen.
  if (flood !== null) clearInterval(flood)
  flood = null
  feed.send({ s: 'S007', p: 4321.5, E: Date.now() })
  await expect(page.locator('[data-ticker="desk/S007"] [data-field="last"]')).toHaveText('4,321.50')
})

import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { LATENCY_BUCKET_COUNT } from '@shared/latencyBuckets'
import type { SnapshotPayload, StatsPayload } from '@shared/model'
import { repoRoot, startServe, type ServeProcess } from './support/serveProcess'

let serve: ServeProcess

test.beforeAll(async () => {
  serve = await startServe(['--port', '0'])
})
test.afterAll(async () => {
  expect(await serve.stop()).toBe(0)
})

test('prints its URL first, on loopback, with the port it chose', () => {
  expect(serve.firstLine).toMatch(/^Tickwire serving at http:\/\/127\.0\.0\.1:\d+\/$/)
  expect(Number(new URL(serve.url).port)).toBeGreaterThan(0)
})

test('the demo shows moving tickers and gauges', async ({ page }) => {
  await page.goto(serve.url)
  const rows = page.locator('[data-ticker]')
  const gauges = page.locator('[data-sensor]')
  await expect(rows.first()).toBeVisible()
  await expect(gauges.first()).toBeVisible()
  await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(20)
  await expect.poll(() => gauges.count()).toBeGreaterThanOrEqual(24)

  const lastCells = page.locator('[data-ticker] [data-field="last"]')
  const values = page.locator('[data-sensor] [data-field="value"]')
  const before = { last: await lastCells.allInnerTexts(), values: await values.allInnerTexts() }
  await expect.poll(async () => (await lastCells.allInnerTexts()).join('|')).not.toBe(before.last.join('|'))
  await expect.poll(async () => (await values.allInnerTexts()).join('|')).not.toBe(before.values.join('|'))

  // Every gauge carries one of the documented states; every source chip one of the documented states.
  for (const state of await gauges.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))) {
    expect(['normal', 'warn', 'alarm', 'stale']).toContain(state)
  }
  const chips = page.locator('[data-source]')
  await expect.poll(() => chips.count()).toBeGreaterThanOrEqual(2)
  await expect(page.locator('[data-source][data-state="open"]')).toHaveCount(await chips.count())

  mkdirSync(resolve(repoRoot, 'test-results'), { recursive: true })
  await page.screenshot({ path: resolve(repoRoot, 'test-results/tickwire-demo.png') })
})

test('the latency panel shows display and feed figures', async ({ page }) => {
  await page.goto(serve.url)
  const display = page.locator('[data-latency="display"] [data-field="p50"]')
  await expect(display).toHaveText(/^\d+(\.\d+)?\s*(µs|ms|s|min)$/)
  const feed = page.locator('[data-latency-source] [data-field="p50"]').first()
  await expect(feed).toHaveText(/^\d+(\.\d+)?\s*(µs|ms|s|min)$/)

  const stats = (await (await page.request.get(`${serve.origin}/api/stats`)).json()) as StatsPayload
  expect(stats.display.frames).toBeGreaterThan(0)
  expect(stats.display.latencyMs.count).toBeGreaterThan(0)
  // A frame takes real time from receive to paint; exactly 0 would mean paint times on a skewed clock.
  expect(stats.display.latencyMs.p50).toBeGreaterThan(0)
  await expect(page.getByText('clock shared')).toBeVisible()

  // The distributions beside the percentiles, drawn from the HDR buckets.
  const histogram = page.locator('[data-latency-histogram="display"] canvas[data-histogram="true"]')
  await expect(histogram).toBeVisible()
  await expect(histogram).toHaveAttribute('aria-label', /^[\d,]+ samples from .+ \(log scale\)/)
  const box = (await histogram.boundingBox())!
  expect(box.width).toBeGreaterThanOrEqual(200)
  expect(stats.display.latencyMs.buckets?.reduce((a, b) => a + b, 0)).toBe(stats.display.latencyMs.count)
  // Something was drawn: not every pixel is transparent.
  const painted = await histogram.evaluate(
    (el: {
      getContext(kind: '2d'): {
        getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray }
      }
      width: number
      height: number
    }) =>
      el
        .getContext('2d')
        .getImageData(0, 0, el.width, el.height)
        .data.some((v, i) => i % 4 === 3 && v > 0)
  )
  expect(painted).toBe(true)
})

test('one strict CSP, in the header and the page, and nothing violates it', async ({ page }) => {
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text())
  })
  const response = await page.goto(serve.url)
  const header = response!.headers()['content-security-policy']
  expect(header).toContain("default-src 'none'")
  expect(header).toContain("script-src 'self'")
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
  expect(meta).toBe(header.replace("; frame-ancestors 'none'", ''))
  await expect(page.locator('[data-ticker]').first()).toBeVisible()
  await page.waitForTimeout(500)
  expect(problems).toEqual([])
})

test('never shows NaN, undefined, null or Infinity', async ({ page }) => {
  await page.goto(serve.url)
  await expect(page.locator('[data-ticker]').first()).toBeVisible()
  for (let i = 0; i < 6; i++) {
    const text = await page.locator('body').innerText()
    expect(text).not.toMatch(/\bNaN\b|\bundefined\b|\bnull\b|Infinity/)
    await page.waitForTimeout(500)
  }
})

test('/api/snapshot and /api/stats follow DESIGN.md', async ({ request }) => {
  await expect
    .poll(
      async () =>
        ((await (await request.get(`${serve.origin}/api/snapshot`)).json()) as SnapshotPayload).tickers.length
    )
    .toBeGreaterThanOrEqual(20)
  const snapshot = (await (await request.get(`${serve.origin}/api/snapshot`)).json()) as SnapshotPayload
  const ticker = snapshot.tickers[0]
  for (const field of ['key', 'source', 'symbol', 'last', 'bid', 'ask', 'changePct', 'time', 'receivedAt']) {
    expect(ticker).toHaveProperty(field)
  }
  expect(ticker.key).toBe(`${ticker.source}/${ticker.symbol}`)
  expect(ticker.bid!).toBeLessThan(ticker.ask!)
  expect(snapshot.readings.length).toBeGreaterThanOrEqual(24)
  const reading = snapshot.readings[0]
  for (const field of ['key', 'source', 'topic', 'value', 'unit', 'state', 'time', 'receivedAt']) {
    expect(reading).toHaveProperty(field)
  }

  const stats = (await (await request.get(`${serve.origin}/api/stats`)).json()) as StatsPayload
  expect(stats.uptimeMs).toBeGreaterThan(0)
  expect(stats.sources.map((s) => s.kind).sort()).toEqual(['market', 'telemetry'])
  for (const source of stats.sources) {
    expect(['connecting', 'open', 'reconnecting', 'closed']).toContain(source.state)
    for (const field of ['id', 'messages', 'malformed', 'reconnects', 'gaps', 'ratePerSec']) {
      expect(source).toHaveProperty(field)
    }
    // DESIGN.md's five figures, plus the histogram's buckets once there are samples.
    const feed = source.latencyMs.feed
    expect(Object.keys(feed).sort()).toEqual(
      feed.count > 0
        ? ['buckets', 'count', 'max', 'p50', 'p95', 'p99']
        : ['count', 'max', 'p50', 'p95', 'p99']
    )
    if (feed.count > 0) expect(feed.buckets).toHaveLength(LATENCY_BUCKET_COUNT)
  }
  expect(Object.keys(stats.display).sort()).toEqual(['frames', 'latencyMs', 'superseded'])
})

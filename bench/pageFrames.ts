/** What the page's frames did: the probe a benchmark adds to the page, and the figures it gives. */
import type { Browser, Page } from '@playwright/test'

/** Runs in the page: every animation frame's interval and every long task, from the first paint. */
export const PAGE_PROBE = `
  window.__bench = { frames: [], long: [] }
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__bench.long.push(e.duration) })
    .observe({ entryTypes: ['longtask'] })
  let last = performance.now()
  const frame = (t) => { window.__bench.frames.push(t - last); last = t; requestAnimationFrame(frame) }
  requestAnimationFrame(frame)
`

/** Frame intervals and long tasks while `ms` pass, measured inside the page. */
export async function measure(page: Page, ms: number) {
  await page.evaluate('window.__bench.frames = []; window.__bench.long = []')
  await page.waitForTimeout(ms)
  const { frames, long } = (await page.evaluate('window.__bench')) as { frames: number[]; long: number[] }
  const sorted = [...frames].sort((a, b) => a - b)
  const pct = (p: number): number =>
    Number((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0).toFixed(1))
  return {
    fps: Number((frames.length / (ms / 1000)).toFixed(1)),
    frameMsP50: pct(0.5),
    frameMsP99: pct(0.99),
    framesOver33Ms: frames.filter((f) => f > 33.4).length,
    longTasks: long.length,
    longTaskMaxMs: Number(Math.max(0, ...long).toFixed(0))
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]
  samples: number[]
  timeDeltas: number[]
}

/** The page's 25 functions with the most self time over `ms` (a CPU profile through CDP). */
export async function topSelfTime(page: Page, ms: number): Promise<Record<string, number>> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.start')
  await page.waitForTimeout(ms)
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile }
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const node = byId.get(id)
    if (node === undefined) return
    const { functionName, url, lineNumber } = node.callFrame
    const key = `${functionName || '(anonymous)'} ${url.split('/').pop() ?? ''}:${lineNumber}`
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  })
  return Object.fromEntries(
    [...self]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 25)
      .map(([k, v]) => [k, Math.round(v)])
  )
}

/** Where the page's main thread spent `ms`: Chromium's own duration metrics (CDP Performance), ms. */
export async function mainThreadBreakdown(page: Page, ms: number): Promise<Record<string, number>> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  const read = async (): Promise<Map<string, number>> => {
    const { metrics } = await cdp.send('Performance.getMetrics')
    return new Map(metrics.map((m) => [m.name, m.value]))
  }
  const before = await read()
  await page.waitForTimeout(ms)
  const after = await read()
  await cdp.detach()
  const out: Record<string, number> = {}
  for (const name of ['TaskDuration', 'ScriptDuration', 'RecalcStyleDuration', 'LayoutDuration']) {
    out[name] = Math.round(((after.get(name) ?? 0) - (before.get(name) ?? 0)) * 1000)
  }
  for (const name of ['RecalcStyleCount', 'LayoutCount', 'Nodes'])
    out[name] = Math.round((after.get(name) ?? 0) - (name === 'Nodes' ? 0 : (before.get(name) ?? 0)))
  return out
}

/** A 3 s Chromium trace of the page (devtools.timeline): total ms per event name on its main thread. */
export async function traceTopEvents(
  browser: Browser,
  page: Page,
  ms: number
): Promise<Record<string, number>> {
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline']
  })
  await page.waitForTimeout(ms)
  const buffer = await browser.stopTracing()
  const { traceEvents } = JSON.parse(buffer.toString()) as {
    traceEvents: {
      name: string
      ph: string
      dur?: number
      tid: number
      pid: number
      args?: { name?: string }
    }[]
  }
  const main = traceEvents.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  const totals = new Map<string, number>()
  for (const e of traceEvents) {
    if (main === undefined || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || e.dur === undefined)
      continue
    totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000)
  }
  return Object.fromEntries(
    [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([k, v]) => [k, Math.round(v)])
  )
}

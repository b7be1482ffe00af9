/**
 * The display benchmark's in-page parts: the floor page (a bare WebSocket on the flood, one
 * number painted per animation frame) and the probe added to Tickwire's page (frames and their
 * bytes as they arrive, the first painted value). Both run in Chromium, written as plain JS.
 */
import type { Page } from '@playwright/test'

/**
 * The physical floor: each feed turn's messages arrive as one JSON array (see soakFeed.ts) and are
 * parsed (as any client must), the latest receive time of
 * each symbol is kept, one number is painted per animation frame, and after that paint each
 * symbol that changed is recorded as paint − receive, exactly how Tickwire counts display
 * latency (the latest value of a key, from the first paint that shows it).
 */
export function floorPage(feedUrl: string, subscribe: string): string {
  return `<!doctype html><html><body style="margin:0;background:#111;color:#eee">
<div id="n" style="font:64px monospace;padding:40px">—</div>
<script>
  const el = document.getElementById('n')
  const w = (window.__floor = { latencies: [], frames: 0, messages: 0, on: false })
  let dirty = new Map()
  let last = null
  const channel = new MessageChannel()
  let painted = null
  channel.port1.onmessage = () => {
    const at = performance.now()
    if (painted && w.on) for (const r of painted.values()) w.latencies.push(at - r)
    painted = null
  }
  const socket = new WebSocket(${JSON.stringify(feedUrl)})
  socket.onopen = () => socket.send(${JSON.stringify(subscribe)})
  socket.onmessage = (e) => {
    const at = performance.now()
    for (const m of JSON.parse(e.data)) {
      w.messages++
      dirty.set(m.s, at)
      last = m.p
    }
  }
  const frame = () => {
    if (w.on) w.frames++
    if (dirty.size > 0) {
      el.textContent = String(last)
      painted = dirty
      dirty = new Map()
      channel.port2.postMessage(null)
    }
    requestAnimationFrame(frame)
  }
  requestAnimationFrame(frame)
</script></body></html>`
}

/**
 * Added before Tickwire's page loads: counts frame messages and their bytes, and notes when the
 * first value painted in `valueSelector` (a ticker's price, a gauge's value) shows a digit.
 */
export function viewProbe(valueSelector: string): string {
  return `
  window.__display = { frames: 0, frameBytes: 0, maxFrameBytes: 0, firstValueMs: null }
  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args)
      this.addEventListener('message', (e) => {
        if (typeof e.data !== 'string' || !e.data.startsWith('{"type":"frame"')) return
        const d = window.__display
        d.frames++
        d.frameBytes += e.data.length
        if (e.data.length > d.maxFrameBytes) d.maxFrameBytes = e.data.length
      })
    }
  }
  const firstValue = () => {
    const price = document.querySelector(${JSON.stringify(valueSelector)})
    if (price && /[0-9]/.test(price.textContent || '')) {
      window.__display.firstValueMs = performance.now()
      return
    }
    requestAnimationFrame(firstValue)
  }
  requestAnimationFrame(firstValue)
`
}

/** The ticker board's probe. */
export const TICKWIRE_PROBE = viewProbe('[data-ticker] [data-field="last"]')

export interface LatencyFigures {
  count: number
  p50: number | null
  p99: number | null
  max: number | null
}

/** Runs the floor page for `ms` after `warmupMs`; its fps and latency percentiles. */
export async function measureFloor(
  page: Page,
  warmupMs: number,
  ms: number
): Promise<{ fps: number; messagesPerSec: number; latencyMs: LatencyFigures }> {
  await page.waitForTimeout(warmupMs)
  await page.evaluate('window.__floor.on = true; window.__floor.messages = 0')
  await page.waitForTimeout(ms)
  const result = (await page.evaluate(`(() => {
    const w = window.__floor
    w.on = false
    const s = Float64Array.from(w.latencies).sort()
    const at = (p) => s.length === 0 ? null : Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] * 10) / 10
    return { frames: w.frames, messages: w.messages, count: s.length, p50: at(0.5), p99: at(0.99), max: s.length === 0 ? null : Math.round(s[s.length - 1] * 10) / 10 }
  })()`)) as { frames: number; messages: number } & LatencyFigures
  return {
    fps: Number((result.frames / (ms / 1000)).toFixed(1)),
    messagesPerSec: Math.round(result.messages / (ms / 1000)),
    latencyMs: { count: result.count, p50: result.p50, p99: result.p99, max: result.max }
  }
}

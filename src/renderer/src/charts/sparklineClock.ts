/**
 * Sparklines redraw together, at most `SPARKLINE_HZ` times a second. Under a flood every row's
 * price changes every frame, and each redrawn canvas is a bitmap the page must hand to the
 * compositor: at 60 Hz that was most of a frame at 1920×1080. A trend drawn ten times a second
 * still moves; the numbers beside it show each value at the next paint.
 */
export const SPARKLINE_HZ = 10
const PERIOD_MS = 1000 / SPARKLINE_HZ

const dirty = new Set<() => void>()
let timer: ReturnType<typeof setTimeout> | null = null
let lastRun = -Infinity

function run(): void {
  timer = null
  lastRun = performance.now()
  const draws = [...dirty]
  dirty.clear()
  for (const draw of draws) draw()
}

/** Asks for `draw` at the next sparkline tick (once, however often asked before it). */
export function requestSparklineDraw(draw: () => void): void {
  dirty.add(draw)
  if (timer !== null) return
  const wait = Math.max(0, lastRun + PERIOD_MS - performance.now())
  timer = setTimeout(() => requestAnimationFrame(run), wait)
}

/** Forgets `draw` (its canvas is gone). */
export function cancelSparklineDraw(draw: () => void): void {
  dirty.delete(draw)
}

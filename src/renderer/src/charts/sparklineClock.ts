/**
 * Sparklines redraw at most `SPARKLINE_HZ` times a second each, and at most
 * `SPARKLINES_PER_FRAME` in one animation frame. Under a flood every row's price changes every
 * frame, and each redrawn canvas is a bitmap the page must hand to the compositor: redrawing all
 * of them in the same frame made that frame long (a display-latency spike every tick). Spread
 * over frames, a trend still moves ten times a second; the numbers beside it show each value at
 * the next paint.
 */
export const SPARKLINE_HZ = 10
export const SPARKLINES_PER_FRAME = 6
const PERIOD_MS = 1000 / SPARKLINE_HZ

/** Waiting draws, oldest request first (re-asking keeps a draw's place). */
const waiting = new Set<() => void>()
const lastDrawn = new WeakMap<() => void, number>()
let frame: number | null = null

function tick(now: number): void {
  frame = null
  let drawn = 0
  for (const draw of waiting) {
    if (drawn >= SPARKLINES_PER_FRAME) break
    if (now - (lastDrawn.get(draw) ?? -Infinity) < PERIOD_MS) continue
    waiting.delete(draw)
    lastDrawn.set(draw, now)
    drawn++
    draw()
  }
  if (waiting.size > 0) frame = requestAnimationFrame(tick)
}

/** Asks for `draw` at a coming animation frame (once, however often asked before it runs). */
export function requestSparklineDraw(draw: () => void): void {
  waiting.add(draw)
  if (frame === null) frame = requestAnimationFrame(tick)
}

/** Forgets `draw` (its canvas is gone). */
export function cancelSparklineDraw(draw: () => void): void {
  waiting.delete(draw)
  if (waiting.size === 0 && frame !== null) {
    cancelAnimationFrame(frame)
    frame = null
  }
}

/**
 * Paces redraws that need not follow every value: each asked-for draw runs at most `hz` times a
 * second, and at most `perFrame` of them in one animation frame, oldest request first (asking
 * again keeps a draw's place). Under a flood every row's and every gauge's value changes every
 * frame; redrawing each trend or dial that often made frames long, and redrawing them all in the
 * same frame made that frame a latency spike. The numbers beside them still show each value at
 * the next paint.
 */
export class RedrawClock {
  private readonly periodMs: number
  private readonly waiting = new Set<() => void>()
  private readonly lastDrawn = new WeakMap<() => void, number>()
  private frame: number | null = null

  constructor(
    readonly hz: number,
    readonly perFrame: number
  ) {
    this.periodMs = 1000 / hz
  }

  /** Asks for `draw` at a coming animation frame (once, however often asked before it runs). */
  request(draw: () => void): void {
    this.waiting.add(draw)
    if (this.frame === null) this.frame = requestAnimationFrame((now) => this.tick(now))
  }

  /** Forgets `draw` (what it drew is gone). */
  cancel(draw: () => void): void {
    this.waiting.delete(draw)
    if (this.waiting.size === 0 && this.frame !== null) {
      cancelAnimationFrame(this.frame)
      this.frame = null
    }
  }

  private tick(now: number): void {
    this.frame = null
    let drawn = 0
    for (const draw of this.waiting) {
      if (drawn >= this.perFrame) break
      if (now - (this.lastDrawn.get(draw) ?? -Infinity) < this.periodMs) continue
      this.waiting.delete(draw)
      this.lastDrawn.set(draw, now)
      drawn++
      draw()
    }
    if (this.waiting.size > 0) this.frame = requestAnimationFrame((t) => this.tick(t))
  }
}

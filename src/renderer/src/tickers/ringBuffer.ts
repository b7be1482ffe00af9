/**
 * A fixed-size history of numbers (sparklines), preallocated once: pushing never allocates, so a
 * few hundred rows at tens of updates per second create no garbage.
 */
export class RingBuffer {
  private readonly values: Float64Array
  private start = 0
  private count = 0

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer')
    this.values = new Float64Array(capacity)
  }

  get length(): number {
    return this.count
  }

  /** Appends a value, dropping the oldest when full. Non-finite values are ignored. */
  push(value: number): void {
    if (!Number.isFinite(value)) return
    const index = (this.start + this.count) % this.capacity
    this.values[index] = value
    if (this.count < this.capacity) this.count++
    else this.start = (this.start + 1) % this.capacity
  }

  /** The i-th oldest value (0 = oldest). */
  at(i: number): number {
    if (i < 0 || i >= this.count) return Number.NaN
    return this.values[(this.start + i) % this.capacity]
  }

  /** Smallest and largest value held, or null when empty. */
  extent(): { min: number; max: number } | null {
    if (this.count === 0) return null
    let min = Infinity
    let max = -Infinity
    for (let i = 0; i < this.count; i++) {
      const v = this.values[(this.start + i) % this.capacity]
      if (v < min) min = v
      if (v > max) max = v
    }
    return { min, max }
  }

  clear(): void {
    this.start = 0
    this.count = 0
  }
}

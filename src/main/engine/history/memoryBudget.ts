/**
 * The bytes every history ring may hold together. Rings grow by doubling and ask first; once the
 * budget is spent, a ring stays at the size it has and keeps the newest records it can, so
 * history never takes more than the budget plus every key's first few records (about 2.4 KB a
 * key), however many updates arrive.
 */
export class MemoryBudget {
  private used = 0
  private refusals = 0

  constructor(readonly limitBytes: number) {}

  /** Takes `bytes` from the budget if they are there (`always`: even when they are not). */
  reserve(bytes: number, always = false): boolean {
    if (!always && this.used + bytes > this.limitBytes) {
      this.refusals++
      return false
    }
    this.used += bytes
    return true
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes)
  }

  get usedBytes(): number {
    return this.used
  }

  /** Times a ring wanted to grow and could not (history is shorter than asked for). */
  get refusedGrowths(): number {
    return this.refusals
  }
}

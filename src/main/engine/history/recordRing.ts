import type { MemoryBudget } from './memoryBudget'

const INITIAL_RECORDS = 16

/**
 * Fixed-width records of float64 fields in one typed array, oldest first, as a ring. It grows by
 * doubling (from the budget) up to `maxRecords`, from 16 records that it always gets; when it cannot grow, the caller evicts the oldest
 * record before pushing. Field 0 of every record is its time, ascending, so ranges are found by
 * binary search.
 */
export class RecordRing {
  private data: Float64Array
  private capacity: number
  private head = 0
  private count = 0
  /** The ring has gone all the way round its current array: every record of it was written. */
  private lapped = false

  constructor(
    readonly stride: number,
    private readonly maxRecords: number,
    private readonly budget: MemoryBudget
  ) {
    this.capacity = 0
    this.data = new Float64Array(0)
  }

  get length(): number {
    return this.count
  }

  /** The fields; valid until the next `push` (which may reallocate). */
  get fields(): Float64Array {
    return this.data
  }

  /** Bytes held (what the budget was charged). */
  get bytes(): number {
    return this.data.byteLength
  }

  /**
   * Bytes of the array written so far: what the process really holds (the operating system gives
   * a large zeroed array its pages as they are first written), while `bytes` is what was reserved.
   */
  get writtenBytes(): number {
    return (this.lapped ? this.capacity : Math.min(this.capacity, this.head + this.count)) * this.stride * 8
  }

  /** True when a push has room, growing the ring if it may; false: evict the oldest first. */
  makeRoom(): boolean {
    return this.count < this.capacity || this.grow()
  }

  /** Offset in `fields` of record `i` (0 = oldest). */
  offset(i: number): number {
    // A compare instead of `%`: this runs for every value on the hot path.
    const j = this.head + i
    return (j >= this.capacity ? j - this.capacity : j) * this.stride
  }

  /** Offset of the newest record; the ring must not be empty. */
  lastOffset(): number {
    return this.offset(this.count - 1)
  }

  /** Time of record `i`. */
  timeAt(i: number): number {
    return this.data[this.offset(i)]
  }

  /** Appends a record and returns its offset; the caller writes its fields. Call `makeRoom` first to fold what it would evict. */
  push(): number {
    if (this.count === this.capacity && !this.grow()) {
      // No room and no growth: the oldest goes (callers that fold it evict it themselves first).
      this.shift()
    }
    const at = this.offset(this.count)
    this.count++
    return at
  }

  /** Drops the oldest record. */
  shift(): void {
    if (this.count === 0) return
    if (this.head + 1 === this.capacity) {
      this.head = 0
      this.lapped = true
    } else this.head++
    this.count--
  }

  /** Index of the first record whose time is at least `t` (`length` when none is). */
  lowerBound(t: number): number {
    let lo = 0
    let hi = this.count
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.timeAt(mid) < t) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Gives the memory back (the key is gone). */
  dispose(): void {
    this.budget.release(this.data.byteLength)
    this.data = new Float64Array(0)
    this.capacity = this.head = this.count = 0
    this.lapped = false
  }

  private grow(): boolean {
    if (this.capacity >= this.maxRecords) return false
    const next = Math.min(this.maxRecords, Math.max(INITIAL_RECORDS, this.capacity * 2))
    const extra = (next - this.capacity) * this.stride * 8
    // The first few records are every key's due, whatever the budget says: a key that may hold
    // nothing would show no past at all. The budget bounds the growth beyond them.
    if (!this.budget.reserve(extra, this.capacity === 0)) return false
    const data = new Float64Array(next * this.stride)
    // Unrolled into order, the oldest record first: at most two contiguous runs.
    const start = this.head * this.stride
    const firstRun = Math.min(this.count, this.capacity - this.head) * this.stride
    data.set(this.data.subarray(start, start + firstRun), 0)
    data.set(this.data.subarray(0, this.count * this.stride - firstRun), firstRun)
    this.data = data
    this.capacity = next
    this.head = 0
    this.lapped = false
    return true
  }
}

import type { Disposable } from '@shared/disposable'
import { FrameBuffer, type FrameBatch, type ViewFrame } from './frameBuffer'

/** What the scheduler needs from the page; injected so the logic runs (and is tested) without a DOM. */
export interface FrameSchedulerHost {
  /** `requestAnimationFrame`. */
  requestFrame(callback: () => void): number
  cancelFrame(handle: number): void
  /** Runs `callback` after the current frame has been painted (see afterPaint.ts). */
  afterPaint(callback: () => void): void
  /** Local wall clock, epoch ms. */
  now(): number
  /** Applies a merged batch to the stores (Vue then patches the DOM before the paint). */
  apply(batch: FrameBatch): void
  /** Acknowledges the frames one paint showed (oldest first); `paintedAtLocal` is the local clock. */
  ack(seqs: readonly number[], paintedAtLocal: number): void
}

/**
 * The view's half of the frame pipeline: frames are buffered, applied once per animation frame,
 * and each is acked exactly once, only after the paint that showed it (one ack per paint).
 */
export class FrameScheduler implements Disposable {
  private readonly buffer = new FrameBuffer()
  private frameHandle: number | null = null
  /** Bumped by `reset`: acks still waiting for a paint belong to an old connection and are dropped. */
  private generation = 0
  private disposed = false

  constructor(private readonly host: FrameSchedulerHost) {}

  push(frame: ViewFrame): void {
    if (this.disposed) return
    this.buffer.push(frame)
    if (this.frameHandle === null) this.frameHandle = this.host.requestFrame(() => this.onAnimationFrame())
  }

  /** Forgets pending frames and unsent acks (the connection they belong to is gone). */
  reset(): void {
    this.generation++
    this.buffer.clear()
    if (this.frameHandle !== null) {
      this.host.cancelFrame(this.frameHandle)
      this.frameHandle = null
    }
  }

  dispose(): void {
    this.reset()
    this.disposed = true
  }

  private onAnimationFrame(): void {
    this.frameHandle = null
    const batch = this.buffer.take()
    if (batch === null || this.disposed) return
    this.host.apply(batch)
    const generation = this.generation
    this.host.afterPaint(() => {
      if (generation !== this.generation || this.disposed) return
      const paintedAt = this.host.now()
      this.host.ack(batch.seqs, paintedAt)
    })
  }
}

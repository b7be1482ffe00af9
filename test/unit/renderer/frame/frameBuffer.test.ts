import { describe, expect, it } from 'vitest'
import type { SensorReading, TickerQuote } from '@shared/model'
import { FrameBuffer, type ViewFrame } from '@renderer/frame/frameBuffer'
import { sensorReading, tickerQuote } from './fixtures'

function frame(seq: number, tickers: TickerQuote[], readings: SensorReading[] = []): ViewFrame {
  return { seq, tickers, readings }
}

describe('FrameBuffer', () => {
  it('is empty until a frame arrives', () => {
    const buffer = new FrameBuffer()
    expect(buffer.pending).toBe(false)
    expect(buffer.take()).toBeNull()
  })

  it('merges frames: newest value per key wins, every seq is kept for acking', () => {
    const buffer = new FrameBuffer()
    buffer.push(frame(1, [tickerQuote('d/A', 1), tickerQuote('d/B', 2)], [sensorReading('p/t', 10)]))
    buffer.push(frame(2, [tickerQuote('d/A', 1.5)], [sensorReading('p/t', 11), sensorReading('p/u', 5)]))
    const batch = buffer.take()!
    expect(batch.seqs).toEqual([1, 2])
    expect(batch.tickers.map((t) => [t.key, t.last])).toEqual([
      ['d/B', 2],
      ['d/A', 1.5]
    ])
    expect(batch.readings.map((r) => [r.key, r.value])).toEqual([
      ['p/t', 11],
      ['p/u', 5]
    ])
    expect(buffer.pending).toBe(false)
    expect(buffer.take()).toBeNull()
  })

  it('acks empty frames too', () => {
    const buffer = new FrameBuffer()
    buffer.push(frame(7, []))
    expect(buffer.take()).toEqual({ seqs: [7], tickers: [], readings: [] })
  })
})

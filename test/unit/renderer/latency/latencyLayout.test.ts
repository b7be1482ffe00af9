import { describe, expect, it } from 'vitest'
import { LATENCY_NARROW_BELOW_PX, latencyLayout, sourceIssues } from '@renderer/latency/latencyLayout'

describe('latency table layout', () => {
  it('folds the counters when the panel is narrow (1280-wide window), not before it is measured', () => {
    expect(latencyLayout(620)).toBe('narrow')
    expect(latencyLayout(LATENCY_NARROW_BELOW_PX - 1)).toBe('narrow')
    expect(latencyLayout(LATENCY_NARROW_BELOW_PX)).toBe('full')
    expect(latencyLayout(800)).toBe('full')
    expect(latencyLayout(0)).toBe('full')
  })

  it('folds bad, gaps and reconnects into one cell with every counter in the tooltip', () => {
    const quiet = sourceIssues({ messages: 1200, malformed: 0, gaps: 0, reconnects: 0 })
    expect(quiet).toMatchObject({ text: 'none', severity: 'none' })
    expect(quiet.detail).toBe('messages 1,200 · bad 0 · gaps 0 · reconnects 0')
    expect(sourceIssues({ messages: 5, malformed: 0, gaps: 2, reconnects: 1 })).toMatchObject({
      text: '2 gaps · 1 reconn.',
      severity: 'warn'
    })
    expect(sourceIssues({ messages: 5, malformed: 3, gaps: 0, reconnects: 1 })).toMatchObject({
      text: '3 bad · 1 reconn.',
      severity: 'bad'
    })
  })
})

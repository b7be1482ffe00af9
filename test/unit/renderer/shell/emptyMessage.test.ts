import { describe, expect, it } from 'vitest'
import type { SourceStats } from '@shared/model'
import { emptyMessage } from '@renderer/shell/emptyMessage'

function source(
  id: string,
  kind: SourceStats['kind'],
  state: SourceStats['state'],
  lastError: string | null = null
): SourceStats {
  const latency = { count: 0, p50: null, p95: null, p99: null, max: null }
  return {
    id,
    kind,
    url: 'ws://127.0.0.1:1/',
    state,
    messages: 0,
    malformed: 0,
    reconnects: 0,
    gaps: 0,
    ratePerSec: 0,
    lastError,
    lastMalformed: null,
    connectedSince: null,
    insecure: false,
    latencyMs: { feed: latency },
    clockAhead: 0,
    implausibleTimes: 0
  }
}

const live = { connected: true, ready: true }

describe('emptyMessage', () => {
  it('says the engine is disconnected first', () => {
    expect(emptyMessage('market', { connected: false, ready: false }, [])).toMatchObject({
      title: 'Disconnected from engine',
      tone: 'problem'
    })
  })

  it('waits for the snapshot before judging the configuration', () => {
    expect(emptyMessage('market', { connected: true, ready: false }, []).title).toMatch(/snapshot/)
  })

  it('tells when nothing of that kind is configured, and where to add one', () => {
    const none = emptyMessage('telemetry', live, [source('desk', 'market', 'open')])
    expect(none).toMatchObject({ title: 'No telemetry brokers configured', unconfigured: true })
    expect(none.detail).toMatch(/Connections/)
    // Configured but not yet open is not "unconfigured": the panel keeps its room.
    expect(
      emptyMessage('market', live, [source('desk', 'market', 'connecting')]).unconfigured
    ).toBeUndefined()
    expect(emptyMessage('market', { connected: true, ready: false }, []).unconfigured).toBeUndefined()
  })

  it('shows connecting feeds, with the last error when there is one', () => {
    expect(emptyMessage('market', live, [source('desk', 'market', 'connecting')])).toMatchObject({
      title: 'Connecting to 1 market feed…',
      tone: 'waiting'
    })
    expect(
      emptyMessage('market', live, [source('desk', 'market', 'reconnecting', 'ECONNREFUSED')])
    ).toMatchObject({
      detail: 'desk: ECONNREFUSED',
      tone: 'problem'
    })
  })

  it('waits for first data once connected', () => {
    const msg = emptyMessage('market', live, [source('a', 'market', 'open'), source('b', 'market', 'closed')])
    expect(msg.title).toBe('Waiting for the first tickers…')
    expect(msg.detail).toMatch(/^Connected to 1 of 2 market feeds\./)
  })
})

import type { SourceKind, SourceStats } from '@shared/model'

/** What an empty panel says: what is happening, never a blank area. */
export interface EmptyMessage {
  title: string
  detail: string
  tone: 'waiting' | 'problem'
  /** No source of the panel's kind is configured at all (the workspace then narrows the panel). */
  unconfigured?: true
}

export interface LinkSummary {
  /** The link to the engine is open. */
  connected: boolean
  /** The engine's `hello` (snapshot) arrived on this connection. */
  ready: boolean
}

const NOUNS: Record<SourceKind, { feeds: string; items: string; first: string; configure: string }> = {
  market: {
    feeds: 'market feed',
    items: 'tickers',
    first: 'Rows appear with the first quote of each symbol.',
    configure: 'Add a feed under Connections, or a "market" entry in the configuration, to see tickers here.'
  },
  telemetry: {
    feeds: 'telemetry broker',
    items: 'sensor readings',
    first: 'A gauge appears with the first numeric value on a subscribed topic.',
    configure:
      'Add a broker under Connections, or a "telemetry" entry (MQTT broker and topics) in the configuration, to see gauges here.'
  }
}

export function emptyMessage(
  kind: SourceKind,
  link: LinkSummary,
  sources: readonly SourceStats[]
): EmptyMessage {
  const noun = NOUNS[kind]
  if (!link.connected) {
    return {
      title: 'Disconnected from engine',
      detail: 'Reconnecting… this panel fills again as soon as the engine answers.',
      tone: 'problem'
    }
  }
  if (!link.ready) return { title: 'Waiting for the engine’s snapshot…', detail: noun.first, tone: 'waiting' }
  const mine = sources.filter((s) => s.kind === kind)
  if (mine.length === 0)
    return {
      title: `No ${noun.feeds}s configured`,
      detail: noun.configure,
      tone: 'waiting',
      unconfigured: true
    }
  const open = mine.filter((s) => s.state === 'open').length
  const plural = (n: number): string => `${n} ${noun.feeds}${n === 1 ? '' : 's'}`
  if (open === 0) {
    const failing = mine.find((s) => s.lastError)
    return {
      title: `Connecting to ${plural(mine.length)}…`,
      detail: failing
        ? `${failing.id}: ${failing.lastError}`
        : 'No connection is open yet; the status bar shows each source’s state.',
      tone: failing ? 'problem' : 'waiting'
    }
  }
  return {
    title: `Waiting for the first ${noun.items}…`,
    detail: `Connected to ${open} of ${plural(mine.length)}. ${noun.first}`,
    tone: 'waiting'
  }
}

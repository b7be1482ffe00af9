import type { SourceStats } from '@shared/model'
import { formatCount } from '../format/number'

/**
 * The latency table's columns for its width. Narrow (a 1280-wide window, with the alarm list
 * beside it), the message total and the separate bad/gaps/reconnect counters fold into one
 * "issues" cell, so the percentiles (p50, p95, p99, max) always stay on screen without scrolling.
 */
export const LATENCY_NARROW_BELOW_PX = 760

export type LatencyLayout = 'full' | 'narrow'

export function latencyLayout(width: number): LatencyLayout {
  return width > 0 && width < LATENCY_NARROW_BELOW_PX ? 'narrow' : 'full'
}

export interface SourceIssues {
  /** Short text for the folded cell: "none", or the non-zero counters. */
  text: string
  /** Every counter, for the tooltip. */
  detail: string
  /** Malformed messages: shown as bad (red); gaps and reconnects only as a warning. */
  severity: 'none' | 'warn' | 'bad'
}

export function sourceIssues(
  s: Pick<SourceStats, 'malformed' | 'gaps' | 'reconnects' | 'messages'>
): SourceIssues {
  const parts: string[] = []
  if (s.malformed > 0) parts.push(`${formatCount(s.malformed)} bad`)
  if (s.gaps > 0) parts.push(`${formatCount(s.gaps)} gaps`)
  if (s.reconnects > 0) parts.push(`${formatCount(s.reconnects)} reconn.`)
  const detail =
    `messages ${formatCount(s.messages)} · bad ${formatCount(s.malformed)} · ` +
    `gaps ${formatCount(s.gaps)} · reconnects ${formatCount(s.reconnects)}`
  const severity = s.malformed > 0 ? 'bad' : parts.length > 0 ? 'warn' : 'none'
  return { text: parts.length > 0 ? parts.join(' · ') : 'none', detail, severity }
}

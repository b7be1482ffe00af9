import type { TimeUnit } from '@shared/config'
import { toFiniteNumber } from './numericValue'

/** Epoch ms must land between 1970 and roughly year 5000; anything else is a wrong unit or junk. */
const MAX_EPOCH_MS = 1e14

const ISO = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/i

/**
 * ISO 8601 to epoch ms, keeping sub-millisecond digits (`Date.parse` truncates them). A time
 * without an offset is taken as UTC: feeds stamp in UTC and the local zone of this machine says
 * nothing about the sender's.
 */
export function parseIsoMs(text: string): number | undefined {
  const m = ISO.exec(text)
  if (m === null) return undefined
  let zone = m[3] ?? 'Z'
  if (/^[+-]\d{2}$/.test(zone)) zone += ':00'
  else if (/^[+-]\d{4}$/.test(zone)) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`
  const whole = Date.parse(`${m[1].replace(' ', 'T')}${zone.toUpperCase()}`)
  if (Number.isNaN(whole)) return undefined
  const fraction = m[2] === undefined ? 0 : Number(`0.${m[2]}`) * 1000
  return whole + fraction
}

const UNIT_TO_MS: Record<Exclude<TimeUnit, 'iso'>, number> = { s: 1000, ms: 1, us: 1e-3, ns: 1e-6 }

function plausible(ms: number): number | undefined {
  return ms > 0 && ms < MAX_EPOCH_MS ? ms : undefined
}

/** A wire time in the configured unit to epoch ms, or `undefined` when it is not a valid time. */
export function toEpochMs(raw: unknown, unit: TimeUnit): number | undefined {
  if (unit === 'iso') return typeof raw === 'string' ? parseIsoMs(raw) : undefined
  const n = toFiniteNumber(raw)
  return n === undefined ? undefined : plausible(n * UNIT_TO_MS[unit])
}

/**
 * A discovered time field (`ts`, `time`, `timestamp`): numbers by magnitude (today an epoch is
 * ~1.7e9 s, ~1.7e12 ms, ~1.7e15 us, ~1.7e18 ns), strings as ISO 8601.
 */
export function guessEpochMs(raw: unknown): number | undefined {
  if (typeof raw === 'string') {
    const iso = parseIsoMs(raw)
    if (iso !== undefined) return iso
  }
  const n = toFiniteNumber(raw)
  if (n === undefined || n <= 0) return undefined
  if (n >= 1e17) return plausible(n * 1e-6)
  if (n >= 1e14) return plausible(n * 1e-3)
  if (n >= 1e11) return plausible(n)
  return plausible(n * 1000)
}

import { DASH, isShowable } from './dash'

/**
 * Times for humans: latency figures (sub-millisecond to seconds) and the age of a value.
 * `DASH` for null or non-finite input, like every formatter here.
 */

/** Latency in ms with sensible precision: "0.042 ms", "0.42 ms", "12.3 ms", "245 ms", "1.25 s". */
export function formatLatencyMs(ms: number | null | undefined): string {
  if (!isShowable(ms)) return DASH
  const abs = Math.abs(ms)
  if (abs >= 60_000) return `${formatTrim(ms / 60_000, 1)} min`
  if (abs >= 1000) return `${(ms / 1000).toFixed(abs >= 10_000 ? 1 : 2)} s`
  if (abs >= 100) return `${ms.toFixed(0)} ms`
  if (abs >= 10) return `${ms.toFixed(1)} ms`
  if (abs >= 0.1 || abs === 0) return `${ms.toFixed(2)} ms`
  return `${ms.toFixed(3)} ms`
}

/** How long ago: "0.3s", "12s", "3m", "2h", "4d". Negative ages (clock skew) show as "0.0s". */
export function formatAge(ms: number | null | undefined): string {
  if (!isShowable(ms)) return DASH
  const age = Math.max(0, ms)
  if (age < 10_000) return `${(Math.floor(age / 100) / 10).toFixed(1)}s`
  if (age < 60_000) return `${Math.floor(age / 1000)}s`
  if (age < 3_600_000) return `${Math.floor(age / 60_000)}m`
  if (age < 86_400_000) return `${Math.floor(age / 3_600_000)}h`
  return `${Math.floor(age / 86_400_000)}d`
}

/** A window length, e.g. "last 60 s", "last 5 min". */
export function formatWindow(ms: number | null | undefined): string {
  if (!isShowable(ms) || ms <= 0) return DASH
  if (ms < 120_000) return `last ${formatTrim(ms / 1000, 1)} s`
  return `last ${formatTrim(ms / 60_000, 1)} min`
}

/** Uptime, e.g. "42s", "12m 05s", "3h 07m". */
export function formatUptime(ms: number | null | undefined): string {
  if (!isShowable(ms) || ms < 0) return DASH
  const s = Math.floor(ms / 1000)
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`
  const h = Math.floor(m / 60)
  return `${h}h ${String(m % 60).padStart(2, '0')}m`
}

function formatTrim(value: number, decimals: number): string {
  const text = value.toFixed(decimals)
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text
}

import { DASH } from '../format/dash'

/** A wall-clock time for a list (alarms, publishes), "14:03:27" (today's events) or "Nov 3 14:03" (older). */
export function formatClock(epochMs: number | null, now: number = Date.now()): string {
  if (epochMs === null || !Number.isFinite(epochMs)) return DASH
  const d = new Date(epochMs)
  const sameDay = new Date(now).toDateString() === d.toDateString()
  const hms = d.toLocaleTimeString('en-GB', { hour12: false })
  if (sameDay) return hms
  return `${d.toLocaleDateString('en-US', { month: 'short', day: 'numeric' })} ${hms.slice(0, 5)}`
}

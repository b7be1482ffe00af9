import { DASH, isShowable } from './dash'

/** A size in bytes, e.g. "812 B", "4.2 KB", "12.3 MB", "1.07 GB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (!isShowable(bytes) || bytes < 0) return DASH
  if (bytes < 1024) return `${Math.round(bytes)} B`
  const units = ['KB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`
}

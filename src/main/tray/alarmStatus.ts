/**
 * What the tray, the dock and the taskbar say about unacknowledged alarms, from their count
 * alone: one pure function, so every platform's wording is tested under Node.
 */

/** The part of an open alarm that says whether it still wants an operator. */
export interface AckState {
  ackedAt: number | null
}

/** Open alarms nobody has acknowledged yet (active or already cleared). */
export function countUnacked(alarms: readonly AckState[]): number {
  let count = 0
  for (const alarm of alarms) if (alarm.ackedAt === null) count++
  return count
}

export interface AlarmIndicators {
  /** The tray icon's tooltip, also the first (disabled) line of its menu. */
  tooltip: string
  /** macOS dock badge text (`''` hides it); `null` on other platforms. */
  dockBadge: string | null
  /** `app.setBadgeCount` (Linux launchers that support it; 0 hides it); `null` where not used. */
  badgeCount: number | null
  /**
   * Windows taskbar overlay on every window: the red dot with its accessible description, or
   * `'none'` to clear it; `null` on other platforms.
   */
  overlay: { description: string } | 'none' | null
}

/** Badges stay short: a count past this is shown as `99+`. */
export const MAX_BADGE_COUNT = 99

export function unackedText(count: number): string {
  if (count === 0) return 'no unacknowledged alarms'
  return `${count} unacknowledged alarm${count === 1 ? '' : 's'}`
}

export function alarmIndicators(count: number, platform: NodeJS.Platform): AlarmIndicators {
  const unacked = Number.isSafeInteger(count) && count > 0 ? count : 0
  const badge = unacked === 0 ? '' : unacked > MAX_BADGE_COUNT ? `${MAX_BADGE_COUNT}+` : String(unacked)
  return {
    tooltip: `Tickwire — ${unackedText(unacked)}`,
    dockBadge: platform === 'darwin' ? badge : null,
    badgeCount: platform === 'linux' ? unacked : null,
    overlay: platform === 'win32' ? (unacked === 0 ? 'none' : { description: unackedText(unacked) }) : null
  }
}

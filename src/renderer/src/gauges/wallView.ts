/**
 * The wall view (gauges on the whole screen) is chosen by `?view=wall` in the address (for a wall
 * screen's kiosk URL) or by the toggle, which is remembered in `localStorage`.
 */
export const WALL_VIEW_KEY = 'tickwire.wall'

export function loadWallView(
  search: string,
  storage: Pick<Storage, 'getItem'> | null = safeStorage()
): boolean {
  const view = new URLSearchParams(search).get('view')
  if (view === 'wall') return true
  if (view === 'overview') return false
  try {
    return storage?.getItem(WALL_VIEW_KEY) === 'true'
  } catch {
    return false
  }
}

export function saveWallView(on: boolean, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(WALL_VIEW_KEY, on ? 'true' : 'false')
  } catch {
    // Only the preference is lost.
  }
}

function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null
  } catch {
    return null
  }
}

import { toDisposable, type Disposable } from '@shared/disposable'

/**
 * Kiosk mode (`?kiosk=1`; the desktop app's `--kiosk` loads the page so): no menus or editing
 * controls, the layout locked, the cursor hidden while idle. Alarms stay acknowledgeable where
 * the role allows. `data-kiosk="true"` on the page root is the hook for tests and for CSS
 * (`[data-edit-control]` elements are hidden).
 */
export const CURSOR_IDLE_MS = 3_000

export function kioskFromQuery(search: string): boolean {
  const value = new URLSearchParams(search).get('kiosk')
  return value === '1' || value === 'true'
}

/** Marks the page root and hides the cursor after `idleMs` without pointer movement. */
export function startKiosk(root: HTMLElement, idleMs = CURSOR_IDLE_MS): Disposable {
  root.dataset.kiosk = 'true'
  let timer: ReturnType<typeof setTimeout> | null = null
  const idle = (): void => {
    root.dataset.cursorIdle = 'true'
  }
  const active = (): void => {
    delete root.dataset.cursorIdle
    if (timer !== null) clearTimeout(timer)
    timer = setTimeout(idle, idleMs)
  }
  active()
  window.addEventListener('pointermove', active, { passive: true })
  window.addEventListener('pointerdown', active, { passive: true })
  return toDisposable(() => {
    if (timer !== null) clearTimeout(timer)
    window.removeEventListener('pointermove', active)
    window.removeEventListener('pointerdown', active)
    delete root.dataset.cursorIdle
  })
}

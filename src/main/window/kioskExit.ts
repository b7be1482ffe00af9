/**
 * The documented way out of kiosk mode on the desktop: Ctrl+Shift+Alt+K (Cmd+Shift+Alt+K on
 * macOS), caught in each kiosk window's `before-input-event`, not as a global shortcut, so it
 * only works for whoever is at that window's keyboard.
 */

/** As Electron's menus write it (shown next to View › Leave Kiosk Mode). */
export const KIOSK_EXIT_ACCELERATOR = 'CmdOrCtrl+Shift+Alt+K'

/** As the README and the page write it for this platform. */
export function kioskExitKeys(platform: NodeJS.Platform): string {
  return platform === 'darwin' ? 'Cmd+Shift+Alt+K' : 'Ctrl+Shift+Alt+K'
}

/** The part of Electron's `Input` (from `before-input-event`) the decision needs. */
export interface KeyInput {
  type: string
  key: string
  code: string
  control: boolean
  shift: boolean
  alt: boolean
  meta: boolean
  isAutoRepeat?: boolean
}

/**
 * True for the key press that leaves kiosk mode: exactly those modifiers (no extra one) and the
 * K key, by position (`KeyK`) or by what it types (Alt changes the character on macOS, so the key
 * alone is not enough). A held key's repeats do not count, nor does its release.
 */
export function isKioskExitInput(input: KeyInput, platform: NodeJS.Platform): boolean {
  if (input.type !== 'keyDown' || input.isAutoRepeat === true) return false
  const mac = platform === 'darwin'
  const command = mac ? input.meta && !input.control : input.control && !input.meta
  if (!command || !input.shift || !input.alt) return false
  return input.code === 'KeyK' || input.key.toLowerCase() === 'k'
}

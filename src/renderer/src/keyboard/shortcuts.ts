/**
 * The keyboard shortcuts, as data: what each key does, shown in Help › Keyboard Shortcuts (and
 * on `?`), and matched against key events here so the list and the behaviour cannot drift.
 */
export type ShortcutAction =
  'palette' | 'help' | 'next' | 'previous' | 'chart' | 'ack-selected' | 'ack-all' | 'wall' | 'escape'

export interface Shortcut {
  action: ShortcutAction
  /** As shown: "Ctrl+K" (⌘K on macOS). */
  keys: string[]
  description: string
}

export function shortcutList(mac: boolean): Shortcut[] {
  const mod = mac ? '⌘' : 'Ctrl+'
  return [
    {
      action: 'palette',
      keys: [`${mod}K`],
      description: 'Command palette: jump to a symbol, sensor, connection or layout'
    },
    { action: 'help', keys: ['?', 'F1'], description: 'This list of shortcuts' },
    { action: 'next', keys: ['↓', 'J'], description: 'Select the next row (tickers or sensors)' },
    { action: 'previous', keys: ['↑', 'K'], description: 'Select the previous row' },
    { action: 'chart', keys: ['Enter', 'C'], description: 'Open the selected row’s chart' },
    { action: 'ack-selected', keys: ['A'], description: 'Acknowledge the selected sensor’s alarms' },
    { action: 'ack-all', keys: ['Shift+A'], description: 'Acknowledge all alarms' },
    { action: 'wall', keys: ['W'], description: 'Wall view on or off' },
    { action: 'escape', keys: ['Esc'], description: 'Close the dialog, or clear the selection' }
  ]
}

export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
}

/** Where the key press lands: a text field takes every key; a control (button, splitter) its own. */
export type KeyTarget = 'text' | 'control' | 'page'

/**
 * The action a key press asks for, or `null`. In a text field only the palette and Escape act;
 * on a focused control, Enter and the arrows are the control's. Letters need no modifier (Ctrl+C
 * still copies).
 */
export function shortcutOf(event: KeyLike, mac: boolean, target: KeyTarget): ShortcutAction | null {
  const mod = mac ? event.metaKey : event.ctrlKey
  const key = event.key
  if (mod && !event.altKey && !event.shiftKey && key.toLowerCase() === 'k') return 'palette'
  if (key === 'Escape') return 'escape'
  if (target === 'text' || event.ctrlKey || event.metaKey || event.altKey) return null
  if (target === 'control' && (key === 'Enter' || key === 'ArrowDown' || key === 'ArrowUp')) return null
  // Letters as letters, whatever Caps Lock says; Shift is read from the event.
  switch (key.length === 1 ? key.toLowerCase() : key) {
    case '?':
    case 'F1':
      return 'help'
    case 'ArrowDown':
    case 'j':
      return 'next'
    case 'ArrowUp':
    case 'k':
      return 'previous'
    case 'Enter':
    case 'c':
      return 'chart'
    case 'a':
      return event.shiftKey ? 'ack-all' : 'ack-selected'
    case 'w':
      return 'wall'
    default:
      return null
  }
}

export function keyTargetOf(target: EventTarget | null): KeyTarget {
  if (!(target instanceof HTMLElement)) return 'page'
  if (target.isContentEditable || target.closest('input, textarea, select') !== null) return 'text'
  if (target.closest('button, a, summary, [role="separator"], [role="option"]') !== null) return 'control'
  return 'page'
}

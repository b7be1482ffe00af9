import type { SavedWindow } from '../../../../src/main/window/windowSetFile'

/** A saved window at `x` on a 1920-wide primary display, with any field changed. */
export function savedWindow(x: number, change: Partial<SavedWindow> = {}): SavedWindow {
  return {
    bounds: { x, y: 0, width: 800, height: 600 },
    maximized: false,
    fullScreen: false,
    alwaysOnTop: false,
    layout: null,
    display: { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 } },
    ...change
  }
}

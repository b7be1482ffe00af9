import type { Disposable } from '@shared/disposable'
import { MAX_WINDOWS, type SavedWindow, type WindowSetFile } from './windowSetFile'

/** A window to open when none is: where it was (`null`: the default place) and its layout. */
export interface WindowToRestore {
  saved: SavedWindow | null
  layout: string | null
}

/**
 * Every open desktop window's layout, bounds, maximized/full-screen state, always-on-top and
 * display, kept in the window-state file so the next start opens the same windows. Node-only:
 * the Electron side (`appWindows.ts`) reports opens, changes and closes.
 *
 * What is restored is the windows open when the app quit. So closing a window while others stay
 * forgets it; closing the last one keeps it (that is how the app quits on Windows and Linux, and
 * what macOS reopens from the dock); and once quitting has begun, closing changes nothing.
 */
export class WindowSet implements Disposable {
  private readonly open = new Map<number, SavedWindow>()
  /** What to restore while no window is open: the file's windows, then the last one closed. */
  private resting: SavedWindow[]
  private frozen = false
  private nextId = 1

  constructor(private readonly file: WindowSetFile) {
    this.resting = file.load()
  }

  get size(): number {
    return this.open.size
  }

  /** True when no other window may be opened (`MAX_WINDOWS`). */
  get full(): boolean {
    return this.open.size >= MAX_WINDOWS
  }

  /**
   * The windows to open when none is open: the saved ones (at least one, a default window when
   * nothing was saved). `layout` (`--layout NAME`) replaces the first one's layout.
   */
  toRestore(layout: string | null = null): WindowToRestore[] {
    if (this.open.size > 0) return []
    const windows: WindowToRestore[] = this.resting.map((saved) => ({ saved, layout: saved.layout }))
    if (windows.length === 0) windows.push({ saved: null, layout: null })
    if (layout !== null) windows[0] = { ...windows[0], layout }
    return windows
  }

  /** A window opened with this state; its id for later calls, or `null` when the set is full. */
  add(state: SavedWindow): number | null {
    if (this.full) return null
    const id = this.nextId++
    this.open.set(id, { ...state })
    this.persist()
    return id
  }

  get(id: number): SavedWindow | undefined {
    const state = this.open.get(id)
    return state === undefined ? undefined : { ...state }
  }

  /** Open windows' ids, first opened first. */
  ids(): number[] {
    return [...this.open.keys()]
  }

  update(id: number, change: Partial<SavedWindow>): void {
    const state = this.open.get(id)
    if (state === undefined || this.frozen) return
    this.open.set(id, { ...state, ...change })
    this.persist()
  }

  /** The window is gone (see the class comment for what is remembered). */
  closed(id: number): void {
    const state = this.open.get(id)
    if (state === undefined) return
    if (this.frozen) return
    this.open.delete(id)
    if (this.open.size === 0) this.resting = [state]
    this.persist()
    this.file.flush()
  }

  /** The app is quitting: the windows open now are the ones to restore; closes no longer count. */
  quitting(): void {
    if (this.frozen) return
    this.persist()
    this.frozen = true
    this.file.flush()
  }

  /** What the file holds (or will, once the debounced save is written). */
  saved(): SavedWindow[] {
    return (this.open.size > 0 ? [...this.open.values()] : this.resting).map((w) => ({ ...w }))
  }

  dispose(): void {
    this.file.dispose()
  }

  private persist(): void {
    if (!this.frozen) this.file.save(this.saved())
  }
}

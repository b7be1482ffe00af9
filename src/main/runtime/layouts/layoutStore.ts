import { toDisposable, type Disposable } from '@shared/disposable'
import {
  cloneLayout,
  layoutNameProblem,
  MAX_LAYOUTS,
  parseLayout,
  type Layout,
  type NamedLayout
} from '@shared/layouts'
import { naturalOrder } from '@shared/naturalOrder'
import { JsonStateFile, type StateStoreOptions } from '../jsonStateFile'

/** The file's name inside the state directory (a public contract: README, "Layouts"). */
export const LAYOUTS_FILE = 'layouts.json'

/**
 * The user's named layouts, kept across restarts in `layouts.json` (written atomically and
 * debounced, like every state file). Without a state directory they live in memory only. A saved
 * layout a newer or older Tickwire wrote differently is reported and kept in the file, not lost.
 */
export class LayoutStore implements Disposable {
  private readonly layouts = new Map<string, Layout>()
  private readonly state: JsonStateFile<Layout> | null
  private readonly listeners = new Set<(names: readonly string[]) => void>()
  /** Valid entries read so far in this load: past the cap they are kept in the file, not loaded. */
  private loading = 0

  constructor(options: StateStoreOptions | null) {
    this.state =
      options === null
        ? null
        : new JsonStateFile({
            ...options,
            fileName: LAYOUTS_FILE,
            what: 'layouts',
            section: 'layouts',
            parseEntry: (name, raw) => this.parseEntry(name, raw),
            currentSection: () => Object.fromEntries(this.layouts)
          })
  }

  get file(): string | null {
    return this.state?.file ?? null
  }

  /** Reads the file (nothing when there is none, or it is unusable: reported). */
  load(): void {
    this.loading = 0
    const parsed = this.state?.load() ?? null
    this.layouts.clear()
    if (parsed === null) return
    for (const [name, layout] of parsed) this.layouts.set(name, layout)
  }

  /** Every layout, in natural name order. */
  list(): NamedLayout[] {
    return this.names().map((name) => ({ name, layout: cloneLayout(this.layouts.get(name) as Layout) }))
  }

  names(): string[] {
    return [...this.layouts.keys()].sort(naturalOrder)
  }

  get(name: string): Layout | undefined {
    const layout = this.layouts.get(name)
    return layout === undefined ? undefined : cloneLayout(layout)
  }

  /** Saves (or replaces) a layout; why it is refused, or `null`. */
  save(name: string, layout: Layout): string | null {
    const problem = layoutNameProblem(name)
    if (problem !== null) return `name ${problem}`
    if (!this.layouts.has(name) && this.layouts.size >= MAX_LAYOUTS)
      return `at most ${MAX_LAYOUTS} layouts can be saved; delete one first`
    this.layouts.set(name, cloneLayout(layout))
    this.changed(name)
    return null
  }

  /** Deletes a layout; why it cannot be, or `null`. */
  remove(name: string): string | null {
    if (!this.layouts.delete(name)) return `there is no layout named ${JSON.stringify(name)}`
    this.changed(name)
    return null
  }

  /** Called with the names after every save or delete (the desktop menu lists them). */
  onChange(listener: (names: readonly string[]) => void): Disposable {
    this.listeners.add(listener)
    return toDisposable(() => this.listeners.delete(listener))
  }

  dispose(): void {
    this.listeners.clear()
    this.state?.close()
  }

  private changed(name: string): void {
    this.state?.forget(name)
    this.state?.changed()
    const names = this.names()
    for (const listener of [...this.listeners]) {
      try {
        listener(names)
      } catch (err) {
        console.error('tickwire: layout listener failed', err)
      }
    }
  }

  /**
   * One saved entry: the layout, or why it is not loaded. An entry past the cap is refused like
   * a bad one, so the file keeps it (a hand-edited file with thousands loses nothing).
   */
  private parseEntry(name: string, raw: unknown): Layout | string {
    const problem = layoutNameProblem(name)
    if (problem !== null) return `layout name ${JSON.stringify(name.slice(0, 60))} ${problem}`
    const layout = parseLayout(raw)
    if (typeof layout === 'string') return `layouts.${name.slice(0, 60)}.${layout}`
    if (++this.loading > MAX_LAYOUTS) return `layout ${JSON.stringify(name)} is past the first ${MAX_LAYOUTS}`
    return layout
  }
}

import { Menu } from 'electron'
import type { Disposable } from '@shared/disposable'
import { buildMenuTemplate, type MenuActions, type MenuContext } from './menuTemplate'

/**
 * The application menu, rebuilt from `buildMenuTemplate` whenever what it shows changes (the
 * saved layouts, the focused window's Always on Top and kiosk state, the number of windows).
 * Changes that come together (a window opening is also a focus) make one rebuild.
 */
export class AppMenu implements Disposable {
  private pending: NodeJS.Immediate | null = null
  private disposed = false

  constructor(
    private readonly context: () => MenuContext,
    private readonly actions: MenuActions,
    /** Called after each rebuild (kiosk windows hide their menu bar again). */
    private readonly afterBuild: () => void = () => {}
  ) {}

  /** Builds the menu now. */
  build(): void {
    if (this.disposed) return
    Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(this.context(), this.actions)))
    this.afterBuild()
  }

  /** Rebuilds it soon (once for any number of calls in one turn). */
  refresh(): void {
    if (this.pending !== null || this.disposed) return
    this.pending = setImmediate(() => {
      this.pending = null
      this.build()
    })
  }

  dispose(): void {
    this.disposed = true
    if (this.pending !== null) clearImmediate(this.pending)
    this.pending = null
  }
}

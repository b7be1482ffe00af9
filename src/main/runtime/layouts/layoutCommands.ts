import { DisposableStore, type Disposable } from '@shared/disposable'
import { refuseIf, type CommandRouter } from '../../engine/commands/commandRouter'
import type { LayoutStore } from './layoutStore'

/** The layout menu's commands, answered from the state directory's `layouts.json`. */
export function registerLayoutCommands(commands: CommandRouter, store: LayoutStore): Disposable {
  const registrations = new DisposableStore()
  registrations.add(commands.register('listLayouts', () => store.list()))
  registrations.add(
    commands.register('saveLayout', ({ name, layout }) => {
      refuseIf(store.save(name, layout))
      return store.list()
    })
  )
  registrations.add(
    commands.register('deleteLayout', ({ name }) => {
      refuseIf(store.remove(name))
      return store.list()
    })
  )
  return registrations
}

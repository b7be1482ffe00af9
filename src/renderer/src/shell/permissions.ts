import { computed, inject, provide, type ComputedRef, type InjectionKey, type Ref } from 'vue'
import { roleAllows, type Role } from '@shared/commands/roles'

/** What the view's role lets the user do; the UI hides or disables the rest. */
export interface Permissions {
  role: Role
  /** Ack, shelve, edit watchlists. */
  operate: boolean
  /** Connections and sensor settings. */
  admin: boolean
}

const KEY: InjectionKey<ComputedRef<Permissions>> = Symbol('permissions')

export function permissionsOf(role: Role): Permissions {
  return { role, operate: roleAllows(role, 'operator'), admin: roleAllows(role, 'admin') }
}

/** Called once, by the app shell, with the role the engine's hello gave. */
export function providePermissions(role: Ref<Role>): ComputedRef<Permissions> {
  const permissions = computed(() => permissionsOf(role.value))
  provide(KEY, permissions)
  return permissions
}

/** The view's permissions; everything allowed outside the app shell (component previews, tests). */
export function usePermissions(): ComputedRef<Permissions> {
  return inject(
    KEY,
    computed(() => permissionsOf('admin')),
    false
  )
}

/** The tooltip on a control the role does not allow. */
export function needsRole(role: 'operator' | 'admin'): string {
  return `Needs the ${role} role (ask for a token with it)`
}

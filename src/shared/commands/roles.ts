/**
 * Who may do what in a view. Desktop and browser mode on loopback with no token in force are
 * `admin`; in browser mode each token names a role (`--viewer-token`, `--token`, `--admin-token`).
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const
export type Role = (typeof ROLES)[number]

const RANK: Readonly<Record<Role, number>> = { viewer: 0, operator: 1, admin: 2 }

/** Whether `role` may run what needs `needed`: each role may do everything below it. */
export function roleAllows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed]
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

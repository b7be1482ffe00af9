import { readFileSync } from 'node:fs'
import { UsageError } from './usage'

/** One reviewed finding that is accepted, with the reason. */
export interface AllowlistEntry {
  check: string
  file: string
  /** Part of the finding's source line: what keeps an entry on its finding when lines move ('' for `N/A`). */
  excerpt: string
  /** Part of the finding's description, for checks that report different things (CSP_GLOBAL_CHECK). */
  description?: string
  /** How many findings of this check, file and excerpt the entry accepts (default 1). */
  count: number
  reason: string
}

const ENTRY_FIELDS = new Set(['check', 'file', 'excerpt', 'description', 'count', 'reason'])

/** The entries of the allowlist file `path`; a UsageError naming the field for anything malformed. */
export function loadAllowlist(path: string): AllowlistEntry[] {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`)
  }
  const fail = (where: string, message: string): never => {
    throw new UsageError(`${path}: ${where}: ${message}`)
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('$', 'must be an object')
  const { entries, ...rest } = data as { entries?: unknown }
  for (const key of Object.keys(rest)) fail(`$.${key}`, 'unknown field')
  if (!Array.isArray(entries)) return fail('$.entries', 'must be an array')
  return entries.map((raw: unknown, i): AllowlistEntry => {
    const at = `$.entries[${i}]`
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(at, 'must be an object')
    const entry = raw as Record<string, unknown>
    for (const key of Object.keys(entry)) if (!ENTRY_FIELDS.has(key)) fail(`${at}.${key}`, 'unknown field')
    for (const key of ['check', 'file', 'reason']) {
      const value = entry[key]
      if (typeof value !== 'string' || value.trim() === '') fail(`${at}.${key}`, 'must be a non-empty string')
    }
    // Project-wide findings (file "N/A") have no source line.
    if (typeof entry.excerpt !== 'string' || (entry.excerpt.trim() === '' && entry.file !== 'N/A')) {
      fail(`${at}.excerpt`, "must be a non-empty string (part of the finding's source line)")
    }
    if (
      entry.description !== undefined &&
      (typeof entry.description !== 'string' || entry.description === '')
    ) {
      fail(`${at}.description`, 'must be a non-empty string')
    }
    const count = entry.count ?? 1
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
      fail(`${at}.count`, 'must be a positive integer')
    }
    return {
      check: entry.check as string,
      file: entry.file as string,
      excerpt: entry.excerpt as string,
      ...(entry.description === undefined ? {} : { description: entry.description as string }),
      count: count as number,
      reason: entry.reason as string
    }
  })
}

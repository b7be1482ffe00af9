import { isAbsolute, join, relative, resolve, sep } from 'node:path'

/** The repository root. */
export const ROOT = resolve(__dirname, '../..')

/** The reviewed findings, checked in beside this folder. */
export const DEFAULT_ALLOWLIST = join(__dirname, '..', 'electronegativity-allowlist.json')

/** `file` relative to the repository root with `/`, or as it is outside the repository. */
export function displayPath(file: string): string {
  const rel = relative(ROOT, file)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return file
  return rel.split(sep).join('/')
}

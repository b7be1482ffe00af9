import type { Comparison } from './compare'
import { displayPath } from './paths'

export interface Outcome extends Comparison {
  /** Files that could not be checked (staging or Electronegativity could not parse them). */
  unreadable: { file: string; message: string }[]
  /** Original files checked. */
  files: number
  electronVersion: string
  allowlistPath: string
}

const plural = (n: number, one: string, many: string): string => (n === 1 ? one : many)

/** What the run says: one line when clean (`ok`), else a line per problem and a summary. */
export function report(outcome: Outcome): { ok: boolean; lines: string[] } {
  const { fresh, allowed, stale, unreadable } = outcome
  if (fresh.length === 0 && stale.length === 0 && unreadable.length === 0) {
    return {
      ok: true,
      lines: [
        `electronegativity: 0 new findings (${allowed} allowlisted) in ${outcome.files} files, Electron ${outcome.electronVersion}`
      ]
    }
  }

  const lines: string[] = []
  for (const { file, message } of unreadable) {
    lines.push(`electronegativity: cannot check ${displayPath(file)}: ${message.split('\n')[0]}`)
  }
  for (const f of fresh) {
    const where = f.file === 'N/A' ? 'the whole input' : `${f.file}:${f.line}:${f.column}`
    lines.push(`electronegativity: ${f.check} at ${where}: ${f.description} (${f.severity}, ${f.confidence})`)
    if (f.excerpt !== '') lines.push(`    ${f.excerpt}`)
  }
  for (const { entry, matched } of stale) {
    lines.push(
      `electronegativity: stale allowlist entry ${entry.check} in ${entry.file} (excerpt ${JSON.stringify(entry.excerpt)}): ` +
        `matches ${matched} of ${entry.count} ${plural(entry.count, 'finding', 'findings')}; remove or update it`
    )
  }
  lines.push(
    `electronegativity: ${fresh.length} new ${plural(fresh.length, 'finding', 'findings')}, ${stale.length} stale ` +
      `allowlist ${plural(stale.length, 'entry', 'entries')}, ${unreadable.length} unreadable ${plural(unreadable.length, 'file', 'files')}` +
      ` (${allowed} allowlisted). Fix a finding, or if it is a false positive add it to ` +
      `${displayPath(outcome.allowlistPath)} with check, file, excerpt and the reason.`
  )
  return { ok: false, lines }
}

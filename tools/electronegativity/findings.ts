import { readFileSync } from 'node:fs'
import { displayPath } from './paths'
import type { EngIssue } from './scan'

/** One Electronegativity finding, pointed back at the original (unstaged) file. */
export interface Finding {
  check: string
  /** Relative to the repository root with `/`, or absolute outside it; `N/A` for project-wide findings. */
  file: string
  line: number
  column: number
  /** The finding's source line, trimmed (from the original file). */
  excerpt: string
  description: string
  severity: string
  confidence: string
  manualReview: boolean
}

function sourceLine(file: string, line: number, cache: Map<string, string[]>): string {
  let lines = cache.get(file)
  if (lines === undefined) {
    try {
      lines = readFileSync(file, 'utf8').split('\n')
    } catch {
      lines = []
    }
    cache.set(file, lines)
  }
  return (lines[line - 1] ?? '').trim()
}

/** The issues as findings in the originals (`origins`: staged file → original), sorted by place. */
export function toFindings(issues: EngIssue[], origins: Map<string, string>): Finding[] {
  const lines = new Map<string, string[]>()
  const findings = issues.map((issue): Finding => {
    const original = origins.get(issue.file)
    return {
      check: issue.id,
      file: original === undefined ? issue.file : displayPath(original),
      line: issue.location.line,
      column: issue.location.column,
      excerpt: original === undefined ? '' : sourceLine(original, issue.location.line, lines),
      description: issue.description,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      manualReview: issue.manualReview
    }
  })
  return findings.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.check.localeCompare(b.check)
  )
}

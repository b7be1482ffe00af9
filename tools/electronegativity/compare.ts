import type { AllowlistEntry } from './allowlist'
import type { Finding } from './findings'

export interface Comparison {
  /** Findings no entry accepts. */
  fresh: Finding[]
  /** How many findings entries accepted. */
  allowed: number
  /** Entries that accept fewer findings than their count (they would hide the next one of their kind). */
  stale: { entry: AllowlistEntry; matched: number }[]
}

/**
 * Holds the findings against the allowlist. An entry accepts up to `count` findings of its check
 * and file whose source line contains its excerpt (and description, if it has one), first come
 * first served in allowlist order.
 */
export function compare(findings: Finding[], allowlist: AllowlistEntry[]): Comparison {
  const used = allowlist.map(() => 0)
  const fresh: Finding[] = []
  for (const finding of findings) {
    const i = allowlist.findIndex(
      (entry, j) =>
        used[j] < entry.count &&
        entry.check === finding.check &&
        entry.file === finding.file &&
        finding.excerpt.includes(entry.excerpt) &&
        (entry.description === undefined || finding.description.includes(entry.description))
    )
    if (i === -1) fresh.push(finding)
    else used[i]++
  }
  const stale = allowlist.flatMap((entry, i) => (used[i] < entry.count ? [{ entry, matched: used[i] }] : []))
  return { fresh, allowed: findings.length - fresh.length, stale }
}

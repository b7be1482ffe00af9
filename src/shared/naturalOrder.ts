const collator = new Intl.Collator('en', { numeric: true })

/** Names in reading order: numbers inside sort as numbers (`arr#2` before `arr#10`, `pump9` before `pump10`). */
export function naturalOrder(a: string, b: string): number {
  return collator.compare(a, b)
}

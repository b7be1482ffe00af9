import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/** `../shared/captures/` (DESIGN.md, Tests): real wire messages recorded from live exchanges. */
const CAPTURES = resolve(__dirname, '../../../../shared/captures')

/**
 * The parsed JSON objects of the capture files `names`, so the structure-aware generators mutate
 * real messages and not only the shapes written in the tests. A missing file throws, naming its
 * path: a property must not quietly test less than it says.
 */
export function capturedObjects(...names: string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  for (const name of names) {
    const file = resolve(CAPTURES, name)
    if (!existsSync(file)) {
      throw new Error(
        `capture ${file} is missing (DESIGN.md, Tests: ../shared/captures beside the repository)`
      )
    }
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue
      const parsed = JSON.parse(line) as unknown
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        out.push(parsed as Record<string, unknown>)
    }
  }
  return out
}

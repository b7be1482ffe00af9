import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'

/** `../shared/captures/` (DESIGN.md, Tests): real wire messages recorded from live exchanges. */
const CAPTURES = resolve(__dirname, '../../../../shared/captures')

/**
 * The parsed JSON objects of the capture files `names` (missing files give none), so the
 * structure-aware generators mutate real messages and not only the shapes written in the tests.
 */
export function capturedObjects(...names: string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = []
  for (const name of names) {
    const file = resolve(CAPTURES, name)
    if (!existsSync(file)) continue
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue
      const parsed = JSON.parse(line) as unknown
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        out.push(parsed as Record<string, unknown>)
    }
  }
  return out
}

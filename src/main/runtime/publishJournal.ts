import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { PublishJournalEntry } from '@shared/publish'
import { FileRefusedError, readBoundedFileSync } from '../engine/boundedFile'
import type { PublishJournalSink } from '../engine/publish/publishCommands'

export const PUBLISH_JOURNAL_FILE = 'publish.jsonl'
/** Past this the journal starts afresh, the previous one kept as `publish.jsonl.1`. */
const MAX_JOURNAL_BYTES = 4 * 1024 * 1024
/** Entries kept in memory for the list (newest last). */
const KEPT = 500

/**
 * Every publish from the Publish panel, one JSON line each in the state directory's
 * `publish.jsonl`: when, who (role and the name given), which broker, topic, QoS, retain, size,
 * and what the broker answered. A line that cannot be read back is skipped; a failed write is
 * said once and the publish itself still happened.
 */
export class PublishJournal implements PublishJournalSink {
  private readonly path: string
  private readonly entries: PublishJournalEntry[] = []
  private failed: string | null = null

  constructor(
    private readonly stateDir: string,
    private readonly report: (problem: string) => void
  ) {
    this.path = join(stateDir, PUBLISH_JOURNAL_FILE)
    this.load()
  }

  append(entry: PublishJournalEntry): void {
    this.entries.push(entry)
    if (this.entries.length > KEPT) this.entries.splice(0, this.entries.length - KEPT)
    try {
      mkdirSync(this.stateDir, { recursive: true, mode: 0o700 })
      if (size(this.path) > MAX_JOURNAL_BYTES) renameSync(this.path, `${this.path}.1`)
      appendFileSync(this.path, `${JSON.stringify(entry)}\n`, { mode: 0o600 })
      this.failed = null
    } catch (err) {
      const problem = `cannot write the publish journal ${this.path}: ${(err as Error).message}`
      if (this.failed === null) this.report(problem)
      this.failed = problem
    }
  }

  get problem(): string | null {
    return this.failed
  }

  recent(limit: number): PublishJournalEntry[] {
    return this.entries.slice(-limit).reverse()
  }

  private load(): void {
    let text: string
    try {
      text = readBoundedFileSync(this.path, MAX_JOURNAL_BYTES * 2).toString('utf8')
    } catch (err) {
      // No journal yet is the normal first start.
      const code = err instanceof FileRefusedError ? err.code : (err as NodeJS.ErrnoException).code
      if (code !== 'ENOENT')
        this.report(`cannot read the publish journal ${this.path}: ${(err as Error).message}`)
      return
    }
    for (const line of text.split('\n').slice(-KEPT - 1)) {
      const entry = parseEntry(line)
      if (entry !== null) this.entries.push(entry)
    }
  }
}

function size(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

/** A journal line of the shape written, or null (a torn tail, a hand edit). */
function parseEntry(line: string): PublishJournalEntry | null {
  if (line.trim() === '') return null
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return null
  }
  const e = value as Partial<PublishJournalEntry>
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof e.source !== 'string' ||
    typeof e.topic !== 'string' ||
    typeof e.at !== 'number' ||
    !Number.isFinite(e.at) ||
    (e.result !== 'ok' && e.result !== 'refused' && e.result !== 'error') ||
    (e.qos !== 0 && e.qos !== 1 && e.qos !== 2)
  )
    return null
  return {
    source: e.source.slice(0, 64),
    topic: e.topic.slice(0, 512),
    at: e.at,
    result: e.result,
    qos: e.qos,
    retain: e.retain === true,
    reasonCode: typeof e.reasonCode === 'number' ? e.reasonCode : null,
    reason: typeof e.reason === 'string' ? e.reason.slice(0, 300) : '',
    bytes: typeof e.bytes === 'number' && Number.isFinite(e.bytes) ? e.bytes : 0,
    role: typeof e.role === 'string' ? e.role.slice(0, 16) : '',
    by: typeof e.by === 'string' ? e.by.slice(0, 64) : null
  }
}

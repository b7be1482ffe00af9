import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AlarmJournal, parseJournal } from '../../../src/main/runtime/alarmJournal'
import { waitFor } from '../../harness/waitFor'

const WRITER = join(__dirname, 'journalWriter.ts')

let dir: string | null = null
let child: ChildProcess | null = null
afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
  child = null
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = null
})

describe('alarm journal after kill -9', () => {
  it('keeps every event written before the kill, and nothing earlier is corrupted', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tickwire-kill-'))
    // node itself with tsx's loader, so the PID we kill is the writer (the tsx CLI would be a parent).
    // tsx resolves `@shared/*` from the Node-side tsconfig (the root one only references it).
    const proc = spawn(process.execPath, ['--import', 'tsx', WRITER, dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TSX_TSCONFIG_PATH: join(__dirname, '../../../tsconfig.node.json') }
    })
    child = proc
    let confirmed = -1
    let stderr = ''
    proc.stdout?.setEncoding('utf8')
    proc.stdout?.on('data', (chunk: string) => {
      const lines = chunk.trim().split('\n')
      const last = Number(lines[lines.length - 1])
      if (Number.isInteger(last)) confirmed = Math.max(confirmed, last)
    })
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    await waitFor(() => (confirmed >= 300 ? true : undefined), 'the writer to record 300 events', 30_000)
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      proc.once('exit', (_code, signal) => resolve(signal))
    )
    proc.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')
    const lastConfirmed = confirmed

    const text = readFileSync(join(dir, 'alarms.jsonl'), 'utf8')
    const { events, skipped } = parseJournal(text)
    // At most the one line being written at the kill is torn, and only at the end.
    expect(skipped.length).toBeLessThanOrEqual(1)
    if (skipped.length === 1) expect(skipped[0]).toMatch(/torn/)
    const ids = events.map((e) => ('alarm' in e ? e.alarm.id : ''))
    // Every confirmed event is there, in order, with nothing missing or duplicated before it.
    expect(ids.length).toBeGreaterThan(lastConfirmed)
    expect(ids.slice(0, lastConfirmed + 1)).toEqual(
      Array.from({ length: lastConfirmed + 1 }, (_, i) => `a${i}`)
    )
    expect(stderr).toBe('')

    // A restart restores them all, and appends cleanly after the torn line.
    const problems: string[] = []
    const journal = new AlarmJournal({ stateDir: dir, report: (p) => problems.push(p) })
    const restored = journal.load()
    expect(restored.alarms).toHaveLength(ids.length)
    journal.append({ event: 'closed', at: 1, alarm: { ...restored.alarms[0], state: 'closed' } })
    journal.close()
    const after = parseJournal(readFileSync(join(dir, 'alarms.jsonl'), 'utf8'))
    expect(after.events).toHaveLength(ids.length + 1)
  }, 60_000)
})

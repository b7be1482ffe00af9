import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { Disposable } from '@shared/disposable'
import { UsageError } from './args'

/** The lock's name inside the state directory; it holds the owner's PID. */
export const STATE_DIR_LOCK_FILE = 'tickwire.lock'

/** A lock file younger than this without a PID is a process still writing it, not a leftover. */
const UNWRITTEN_GRACE_MS = 5_000

/**
 * Another live Tickwire owns the state directory. A usage error (exit 2): the fix is on the
 * command line (stop the other one, or give this one its own `--state-dir`).
 */
export class StateDirLockedError extends UsageError {
  override name = 'StateDirLockedError'
  constructor(
    readonly stateDir: string,
    readonly pid: number | null
  ) {
    super(
      `tickwire: the state directory ${stateDir} is in use by another Tickwire (PID ${pid ?? 'unknown'}); stop it or pass --state-dir`
    )
  }
}

/** Lock files this process holds, so its own PID in a file it does not hold reads as stale. */
const heldHere = new Set<string>()

/**
 * Takes the state directory for this process: creates `tickwire.lock` exclusively (`wx`) with our
 * PID. A lock whose PID is no longer alive (a crash, a kill -9) is taken over. Throws
 * `StateDirLockedError` while another live process holds it. Dispose to release.
 */
export function acquireStateDirLock(stateDir: string): Disposable {
  mkdirSync(stateDir, { recursive: true })
  const path = join(stateDir, STATE_DIR_LOCK_FILE)
  // Two tries: the second after removing a stale lock (another process may win that race).
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(path)) {
      heldHere.add(path)
      return { dispose: () => release(path) }
    }
    const owner = readOwner(path)
    if (owner.alive) throw new StateDirLockedError(stateDir, owner.pid)
    try {
      unlinkSync(path)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    }
  }
  throw new StateDirLockedError(stateDir, readOwner(path).pid)
}

function tryCreate(path: string): boolean {
  let fd: number
  try {
    fd = openSync(path, 'wx', 0o600)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw err
  }
  try {
    writeSync(fd, `${process.pid}\n`)
  } finally {
    closeSync(fd)
  }
  return true
}

/** Who holds the lock file, and whether that process is still running. */
function readOwner(path: string): { pid: number | null; alive: boolean } {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    // Released between our create and this read: free now.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { pid: null, alive: false }
    throw err
  }
  const pid = Number(text.trim())
  if (!Number.isInteger(pid) || pid <= 0) {
    // Created but not yet written by a process starting right now, or garbage left long ago.
    return { pid: null, alive: Date.now() - mtimeOf(path) < UNWRITTEN_GRACE_MS }
  }
  if (pid === process.pid) return { pid, alive: heldHere.has(path) }
  return { pid, alive: processAlive(pid) }
}

function mtimeOf(path: string): number {
  try {
    return statSync(path).mtimeMs
  } catch {
    return 0
  }
}

/** Signal 0 checks existence only; EPERM means it exists under another user. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Removes the lock file if it is still ours (never a lock another process took over). */
function release(path: string): void {
  if (!heldHere.delete(path)) return
  try {
    if (Number(readFileSync(path, 'utf8').trim()) === process.pid) unlinkSync(path)
  } catch {
    // Already gone (someone removed the directory): nothing left to release.
  }
}

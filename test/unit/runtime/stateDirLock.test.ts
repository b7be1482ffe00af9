import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { UsageError } from '../../../src/main/runtime/args'
import { startRuntime, type Runtime } from '../../../src/main/runtime/runtime'
import {
  acquireStateDirLock,
  STATE_DIR_LOCK_FILE,
  StateDirLockedError
} from '../../../src/main/runtime/stateDirLock'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickwire-lock-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** The PID of a process that has exited (so is certainly not alive now). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(child.stdout.toString())
}

describe('state directory lock', () => {
  it('holds the directory with our PID, refuses a second holder naming the directory and PID, and releases on dispose', () => {
    const state = join(dir, 'state')
    const lock = acquireStateDirLock(state)
    const file = join(state, STATE_DIR_LOCK_FILE)
    expect(readFileSync(file, 'utf8').trim()).toBe(String(process.pid))
    let refused: unknown = null
    try {
      acquireStateDirLock(state)
    } catch (err) {
      refused = err
    }
    expect(refused).toBeInstanceOf(StateDirLockedError)
    // A usage error: both entry points exit 2 with its message as the one line.
    expect(refused).toBeInstanceOf(UsageError)
    expect((refused as Error).message).toBe(
      `tickwire: the state directory ${state} is in use by another Tickwire (PID ${process.pid}); stop it or pass --state-dir`
    )
    expect((refused as Error).message).not.toMatch(/\n/)
    lock.dispose()
    expect(existsSync(file)).toBe(false)
    acquireStateDirLock(state).dispose()
  })

  it('refuses while another live process holds it', () => {
    // Our parent (the vitest runner) is alive and is not us.
    writeFileSync(join(dir, STATE_DIR_LOCK_FILE), `${process.ppid}\n`)
    expect(() => acquireStateDirLock(dir)).toThrow(`(PID ${process.ppid})`)
  })

  it('takes over a lock left by a process that died (kill -9, crash)', () => {
    const file = join(dir, STATE_DIR_LOCK_FILE)
    writeFileSync(file, `${deadPid()}\n`)
    const lock = acquireStateDirLock(dir)
    expect(readFileSync(file, 'utf8').trim()).toBe(String(process.pid))
    lock.dispose()
  })

  it('does not remove a lock another process took over', () => {
    const file = join(dir, STATE_DIR_LOCK_FILE)
    const lock = acquireStateDirLock(dir)
    writeFileSync(file, `${process.ppid}\n`)
    lock.dispose()
    expect(readFileSync(file, 'utf8').trim()).toBe(String(process.ppid))
  })
})

describe('runtime and the state directory lock', () => {
  let runtime: Runtime | null = null
  afterEach(async () => {
    await runtime?.stop()
    runtime = null
  })

  it('a second runtime on the same state directory refuses to start; after stop it starts', async () => {
    const state = join(dir, 'state')
    runtime = await startRuntime({ configFile: null, demo: false, stateDir: state, reportProblem: () => {} })
    await expect(
      startRuntime({ configFile: null, demo: false, stateDir: state, reportProblem: () => {} })
    ).rejects.toBeInstanceOf(StateDirLockedError)
    await runtime.stop()
    runtime = await startRuntime({ configFile: null, demo: false, stateDir: state, reportProblem: () => {} })
    expect(existsSync(join(state, STATE_DIR_LOCK_FILE))).toBe(true)
  })
})

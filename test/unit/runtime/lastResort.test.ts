import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rateLimitedLog } from '../../../src/main/engine/faults'

const repo = join(__dirname, '../../..')

describe('last-resort handlers', () => {
  it('log an uncaught error and an unhandled rejection with their origin, and the process keeps running', async () => {
    const { code, stdout, stderr } = await new Promise<{
      code: number | null
      stdout: string
      stderr: string
    }>((resolve) => {
      execFile(
        join(repo, 'node_modules/.bin/tsx'),
        ['--tsconfig', 'tsconfig.node.json', 'test/unit/runtime/lastResortChild.ts'],
        { cwd: repo, timeout: 20_000 },
        (err, out, errOut) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: out, stderr: errOut })
      )
    })
    expect(code).toBe(0)
    expect(stdout).toBe('still running\n')
    const lines = stderr.trim().split('\n')
    expect(lines[0]).toMatch(
      /^tickwire: uncaught error \(uncaughtException\), still running: process: Error: bug in a callback<U\+202E> with wire text/
    )
    expect(lines[1]).toMatch(
      /^tickwire: unhandled promise rejection, still running: process: TypeError: nobody awaited me/
    )
  }, 30_000)

  it('rate-limit: 20 lines a minute, then a count of what was not logged', () => {
    let t = 0
    const lines: string[] = []
    const log = rateLimitedLog(
      (line) => lines.push(line),
      () => t
    )
    for (let i = 0; i < 50; i++) log(`error ${i}`)
    expect(lines).toHaveLength(20)
    t = 60_000
    log('after a minute')
    expect(lines.slice(20)).toEqual(['30 more errors in the last minute were not logged', 'after a minute'])
  })
})

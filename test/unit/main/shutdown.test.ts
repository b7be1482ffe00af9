import { describe, expect, it } from 'vitest'
import { Shutdown } from '../../../src/main/shutdown'

describe('Shutdown', () => {
  it('stops once however many quit paths ask', async () => {
    let stops = 0
    const shutdown = new Shutdown(
      async () => void stops++,
      10_000,
      () => {}
    )
    expect(shutdown.requested).toBe(false)
    expect(shutdown.done).toBe(false)
    await Promise.all([shutdown.run(), shutdown.run()])
    await shutdown.run()
    expect(stops).toBe(1)
    expect(shutdown.done).toBe(true)
  })

  it('is not done while stopping is still under way', async () => {
    let release = (): void => {}
    const shutdown = new Shutdown(
      () => new Promise<void>((resolve) => (release = resolve)),
      10_000,
      () => {}
    )
    const running = shutdown.run()
    await Promise.resolve()
    expect(shutdown.requested).toBe(true)
    expect(shutdown.done).toBe(false)
    release()
    await running
    expect(shutdown.done).toBe(true)
  })

  it('reports a failing stop, synchronous or not, and still finishes', async () => {
    for (const stop of [
      async () => {
        throw new Error('broker gone')
      },
      () => {
        throw new Error('broker gone')
      }
    ]) {
      const problems: string[] = []
      const shutdown = new Shutdown(stop, 10_000, (p) => problems.push(p))
      await expect(shutdown.run()).resolves.toBeUndefined()
      expect(problems).toEqual(['stopping failed: broker gone'])
      expect(shutdown.done).toBe(true)
    }
  })

  it('gives up on a stop that never ends, after the deadline', async () => {
    const problems: string[] = []
    const shutdown = new Shutdown(
      () => new Promise<void>(() => {}),
      20,
      (p) => problems.push(p)
    )
    await shutdown.run()
    expect(shutdown.done).toBe(true)
    expect(problems).toEqual(['stopping took longer than 20 ms; quitting anyway'])
  })
})

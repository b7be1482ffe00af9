import { describe, expect, it } from 'vitest'
import { CommandRefused, CommandRouter } from '../../../../src/main/engine/commands/commandRouter'

function router() {
  const faults: string[] = []
  const r = new CommandRouter((context, err) => faults.push(`${context}: ${(err as Error).message}`))
  return { r, faults }
}

describe('CommandRouter', () => {
  it('answers every command with exactly one outcome', async () => {
    const { r, faults } = router()
    const seen: unknown[] = []
    r.register('ackAllAlarms', (args) => {
      seen.push(args)
      return { acked: 2 }
    })
    r.register('ackAlarm', ({ id }) => {
      if (id === 'bug') throw new TypeError('boom')
      throw new CommandRefused(`no open alarm "${id}"`)
    })
    r.register('unshelve', async () => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      return null
    })
    const admin = { role: 'admin' as const }
    expect(await r.dispatch('ackAllAlarms', { by: ' Ana ' }, admin)).toEqual({
      ok: true,
      result: { acked: 2 }
    })
    // Validated (and trimmed) before the handler runs.
    expect(seen).toEqual([{ by: 'Ana' }])
    expect(await r.dispatch('ackAllAlarms', undefined, admin)).toEqual({ ok: true, result: { acked: 2 } })
    expect(await r.dispatch('unshelve', { key: 'a/b' }, admin)).toEqual({ ok: true, result: null })
    expect(await r.dispatch('ackAlarm', { id: 'x' }, admin)).toEqual({
      ok: false,
      error: 'alarm acknowledgement refused: no open alarm "x"'
    })
    expect(await r.dispatch('ackAlarm', { id: 'bug' }, admin)).toEqual({
      ok: false,
      error: 'alarm acknowledgement failed: internal error (logged)'
    })
    expect(faults).toEqual(['command ackAlarm: boom'])
    expect(await r.dispatch('ackAlarm', { id: 7 }, admin)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^alarm acknowledgement refused: id: /)
    })
    expect(await r.dispatch('noSuchThing', {}, admin)).toEqual({
      ok: false,
      error: 'unknown command "noSuchThing"'
    })
    expect(await r.dispatch('hasOwnProperty', {}, admin)).toMatchObject({ ok: false })
    expect(await r.dispatch('shelve', { key: 'a/b', durationMs: 60_000 }, admin)).toEqual({
      ok: false,
      error: 'shelving is not available here'
    })
  })

  it('refuses by role before anything else, saying which role is needed', async () => {
    const { r } = router()
    let ran = 0
    r.register('setSensorSettings', () => {
      ran++
      return null
    })
    r.register('ackAllAlarms', () => {
      ran++
      return { acked: 0 }
    })
    expect(await r.dispatch('setSensorSettings', { key: 'a/b', settings: {} }, { role: 'operator' })).toEqual(
      {
        ok: false,
        error: 'sensor settings change needs the admin role'
      }
    )
    // Even an invalid command from a viewer learns only that it may not.
    expect(await r.dispatch('ackAllAlarms', { bad: 1 }, { role: 'viewer' })).toEqual({
      ok: false,
      error: 'acknowledging all alarms needs the operator role'
    })
    expect(ran).toBe(0)
    expect((await r.dispatch('ackAllAlarms', {}, { role: 'operator' })).ok).toBe(true)
    expect((await r.dispatch('setSensorSettings', { key: 'a/b', settings: {} }, { role: 'admin' })).ok).toBe(
      true
    )
  })

  it('one handler per command; disposing unregisters', async () => {
    const { r } = router()
    const registration = r.register('unshelve', () => null)
    expect(() => r.register('unshelve', () => null)).toThrow(/already has a handler/)
    registration.dispose()
    expect(await r.dispatch('unshelve', { key: 'a/b' }, { role: 'admin' })).toMatchObject({ ok: false })
    r.register('unshelve', () => null)
  })
})

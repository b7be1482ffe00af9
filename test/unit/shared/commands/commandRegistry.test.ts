import { describe, expect, it } from 'vitest'
import { COMMANDS, isCommandName, parseCommandArgs } from '@shared/commands/commandRegistry'
import { roleAllows, ROLES } from '@shared/commands/roles'
import { isWatchSymbol, parseViewMessage } from '@shared/protocol'

const ok = (name: Parameters<typeof parseCommandArgs>[0], args: unknown): unknown => {
  const parsed = parseCommandArgs(name, args)
  if (!parsed.ok) throw new Error(parsed.error)
  return parsed.args
}
const refused = (name: Parameters<typeof parseCommandArgs>[0], args: unknown): string => {
  const parsed = parseCommandArgs(name, args)
  if (parsed.ok) throw new Error(`accepted ${JSON.stringify(args)}`)
  return parsed.error
}

describe('the command registry', () => {
  it('gives every command a label, a role and a strict schema', () => {
    for (const [name, spec] of Object.entries(COMMANDS)) {
      expect(spec.label.length, name).toBeGreaterThan(3)
      expect(ROLES).toContain(spec.role)
      // Anything else is refused, naming a field.
      expect(refused(name as keyof typeof COMMANDS, { surprise: 1 })).toMatch(
        /^(surprise|arguments|[\w.[\]]+): /
      )
    }
    expect(refused('ackAllAlarms', { surprise: 1 })).toMatch(/surprise/)
    expect(isCommandName('setWatchlist')).toBe(true)
    expect(isCommandName('toString')).toBe(false)
    expect(isCommandName('__proto__')).toBe(false)
  })

  it('roles are ordered viewer < operator < admin', () => {
    expect(roleAllows('admin', 'operator')).toBe(true)
    expect(roleAllows('operator', 'operator')).toBe(true)
    expect(roleAllows('operator', 'admin')).toBe(false)
    expect(roleAllows('viewer', 'operator')).toBe(false)
    expect(COMMANDS.ackAlarm.role).toBe('operator')
    expect(COMMANDS.setWatchlist.role).toBe('operator')
    expect(COMMANDS.setSensorSettings.role).toBe('admin')
  })
})

describe('setWatchlist arguments', () => {
  it('accepts strings of 1-64 characters, at most 500 of them', () => {
    expect(ok('setWatchlist', { source: 'desk', symbols: ['A', 'BTC/USD'] })).toEqual({
      source: 'desk',
      symbols: ['A', 'BTC/USD']
    })
    expect(ok('setWatchlist', { source: 'desk', symbols: [] })).toBeTruthy()
    ok('setWatchlist', { source: 'desk', symbols: Array.from({ length: 500 }, (_, i) => `S${i}`) })
    ok('setWatchlist', { source: 'desk', symbols: ['x'.repeat(64)] })
  })

  it('refuses anything else, naming the field', () => {
    const cases: [unknown, RegExp][] = [
      [{ source: 'desk', symbols: [''] }, /^symbols\[0\]: /],
      [{ source: 'desk', symbols: ['A', 'x'.repeat(65)] }, /^symbols\[1\]: /],
      [{ source: 'desk', symbols: ['A\tB'] }, /^symbols\[0\]: /],
      [{ source: 'desk', symbols: ['A\u0000'] }, /^symbols\[0\]: /],
      [{ source: 'desk', symbols: [1] }, /^symbols\[0\]: /],
      [{ source: 'desk', symbols: 'AAPL' }, /^symbols: /],
      [{ source: 'desk', symbols: Array.from({ length: 501 }, (_, i) => `S${i}`) }, /^symbols: at most 500/],
      [{ source: '', symbols: ['A'] }, /^source: must name a source/],
      [{ source: 7, symbols: ['A'] }, /^source: /],
      [{ symbols: ['A'] }, /^source: /]
    ]
    for (const [args, message] of cases)
      expect(refused('setWatchlist', args), JSON.stringify(args)).toMatch(message)
  })
})

describe('operator names on alarm commands', () => {
  it('are trimmed, and refused when they carry control or bidi-override characters', () => {
    expect(ok('ackAlarm', { id: 'a1', by: '  Ana  ' })).toEqual({ id: 'a1', by: 'Ana' })
    expect(refused('ackAlarm', { id: 'a1', by: '\u202eevil\nline' })).toMatch(/^by: must not contain/)
    expect(refused('ackAllAlarms', { by: 'ops\u0007' })).toMatch(/^by: /)
    expect(refused('ackAllAlarms', { by: '   ' })).toBe('by: must not be blank')
    expect(ok('ackAllAlarms', {})).toEqual({})
    expect(ok('shelve', { key: 'plant/x', durationMs: 900_000, by: 'Bo ' })).toEqual({
      key: 'plant/x',
      durationMs: 900_000,
      by: 'Bo'
    })
    expect(refused('shelve', { key: 'plantx', durationMs: 900_000 })).toMatch(/^key: /)
    expect(refused('shelve', { key: 'plant/x', durationMs: Number.NaN })).toMatch(/^durationMs: /)
  })
})

describe('the command envelope', () => {
  it('needs a numeric id and a name; arguments are left to the registry', () => {
    expect(parseViewMessage({ type: 'command', id: 3, name: 'ackAlarm', args: { x: 1 } })).toEqual({
      type: 'command',
      id: 3,
      name: 'ackAlarm',
      args: { x: 1 }
    })
    for (const bad of [
      { type: 'command', name: 'ackAlarm' },
      { type: 'command', id: -1, name: 'ackAlarm' },
      { type: 'command', id: 1.5, name: 'ackAlarm' },
      { type: 'command', id: '1', name: 'ackAlarm' },
      { type: 'command', id: 1, name: '' },
      { type: 'command', id: 1, name: 'x'.repeat(65) },
      // The commands of protocol 1's first draft are not messages any more.
      { type: 'ackAlarm', id: 'a1' }
    ])
      expect(parseViewMessage(bad), JSON.stringify(bad)).toBeNull()
  })
})

describe('isWatchSymbol', () => {
  it('takes exchange spellings and refuses blanks and controls', () => {
    for (const s of ['BTCUSDT', 'BTC-USD', 'BTC/USD', 'EURUSD=X', '^GSPC', 'x'.repeat(64)])
      expect(isWatchSymbol(s)).toBe(true)
    for (const s of ['', ' ', 'A  B', 'A\tB', 'A\u007f', 'x'.repeat(65), 3, null])
      expect(isWatchSymbol(s)).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import type { ViewMessage } from '@shared/protocol'
import { EngineClientBase } from '@renderer/transport/engineClient'
import { CommandClient, CommandError } from '@renderer/transport/commandClient'
import { parseEngineMessage, type ParsedEngineMessage } from '@renderer/transport/engineMessage'

class LoopClient extends EngineClientBase {
  readonly kind = 'ws' as const
  readonly sharesEngineClock = true
  readonly sent: ViewMessage[] = []
  send(message: ViewMessage): void {
    this.sent.push(message)
  }
  close(): void {
    this.finishClose()
  }
  state_(state: 'open' | 'reconnecting'): void {
    this.setState(state)
  }
  engine(message: ParsedEngineMessage): void {
    this.deliver(message)
  }
}

const commandsSent = (client: LoopClient) =>
  client.sent.filter((m): m is Extract<ViewMessage, { type: 'command' }> => m.type === 'command')

describe('CommandClient', () => {
  it('matches replies to requests by id, in any order', async () => {
    const client = new LoopClient()
    client.state_('open')
    const commands = new CommandClient(client)
    const first = commands.request('setWatchlist', { source: 'desk', symbols: ['A'] })
    const second = commands.request('ackAlarm', { id: 'a1' })
    const [a, b] = commandsSent(client)
    expect(a.id).not.toBe(b.id)
    expect(b).toEqual({ type: 'command', id: b.id, name: 'ackAlarm', args: { id: 'a1' } })
    client.engine({
      type: 'reply',
      id: b.id,
      ok: false,
      error: 'alarm acknowledgement refused: no open alarm "a1"'
    })
    client.engine({ type: 'reply', id: a.id, ok: true, result: { symbols: ['A'] } })
    // A stray reply for nobody is ignored.
    client.engine({ type: 'reply', id: 999, ok: true, result: null })
    expect(await first).toEqual({ symbols: ['A'] })
    await expect(second).rejects.toThrow(/no open alarm "a1"/)
    await expect(second).rejects.toBeInstanceOf(CommandError)
    expect(commands.waiting).toBe(0)
    commands.dispose()
  })

  it('fails at once when not connected, and fails what waits when the link drops', async () => {
    const client = new LoopClient()
    const commands = new CommandClient(client)
    await expect(commands.request('ackAllAlarms', {})).rejects.toThrow('not connected to the engine')
    expect(client.sent).toEqual([])
    client.state_('open')
    const waiting = commands.request('ackAllAlarms', {})
    client.state_('reconnecting')
    await expect(waiting).rejects.toThrow(/connection to the engine was lost/)
    // The late reply of the old link changes nothing.
    client.engine({ type: 'reply', id: commandsSent(client)[0].id, ok: true, result: { acked: 1 } })
    expect(commands.waiting).toBe(0)
    commands.dispose()
  })

  it('gives up after its timeout, and on dispose', async () => {
    const client = new LoopClient()
    client.state_('open')
    const commands = new CommandClient(client, 20)
    await expect(commands.request('ackAllAlarms', {})).rejects.toThrow(/no answer from the engine/)
    const pending = commands.request('ackAllAlarms', {})
    commands.dispose()
    await expect(pending).rejects.toThrow(/view closed/)
  })

  it('takes replies through the view-side validation: bad ids dropped, errors bounded', () => {
    expect(parseEngineMessage({ type: 'reply', id: 3, ok: true })).toEqual({
      type: 'reply',
      id: 3,
      ok: true,
      result: null
    })
    expect(parseEngineMessage({ type: 'reply', id: -1, ok: true })).toBeNull()
    expect(parseEngineMessage({ type: 'reply', id: '3', ok: true })).toBeNull()
    expect(parseEngineMessage({ type: 'reply', id: 3, ok: false })).toMatchObject({
      ok: false,
      error: 'the engine refused the command'
    })
    const long = parseEngineMessage({ type: 'reply', id: 3, ok: false, error: 'x'.repeat(100_000) })
    expect(long?.type === 'reply' && !long.ok && long.error.length).toBeLessThanOrEqual(600)
  })
})

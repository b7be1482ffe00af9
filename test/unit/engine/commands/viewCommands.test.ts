import { afterEach, describe, expect, it, vi } from 'vitest'
import { configSchema } from '@shared/config'
import { Engine } from '../../../../src/main/engine/engine'
import { MAX_COMMANDS_IN_FLIGHT } from '../../../../src/main/engine/viewSession'
import type { Role } from '@shared/commands/roles'
import { createMemoryViewLink, RecordingView } from '../../../harness/memoryViewLink'
import { waitFor } from '../../../harness/waitFor'

// Never started: no sockets.
const config = configSchema.parse({
  market: [
    {
      id: 'desk',
      adapter: 'json',
      url: 'ws://127.0.0.1:9/feed',
      symbols: ['A'],
      mapping: { symbol: 's', price: 'p' }
    }
  ]
})

let engine: Engine
afterEach(async () => engine.stop())

async function attach(role?: Role): Promise<RecordingView> {
  const { engineSide, viewSide } = createMemoryViewLink()
  engine.attachView(engineSide, role === undefined ? {} : { role })
  const view = new RecordingView(viewSide)
  view.link.send({ type: 'ready' })
  await waitFor(() => view.ofType('hello')[0], 'hello')
  return view
}

describe('commands through a view session', () => {
  it('tells the view its role in hello; the desktop default is admin', async () => {
    engine = new Engine(config)
    expect((await attach()).ofType('hello')[0].role).toBe('admin')
    expect((await attach('viewer')).ofType('hello')[0].role).toBe('viewer')
  })

  it('answers each command of each role class by the role of its view', async () => {
    engine = new Engine(config)
    const viewer = await attach('viewer')
    const operator = await attach('operator')
    const admin = await attach('admin')
    const watch = { source: 'desk', symbols: ['A', 'B'] }
    const edit = { key: 'desk/x', settings: { warn: 1 } }
    expect(await viewer.refusal('setWatchlist', watch)).toBe('watchlist change needs the operator role')
    expect(await viewer.refusal('ackAllAlarms', {})).toBe('acknowledging all alarms needs the operator role')
    expect(await viewer.refusal('setSensorSettings', edit)).toBe(
      'sensor settings change needs the admin role'
    )
    expect(await operator.refusal('setWatchlist', watch)).toBeNull()
    expect(await operator.refusal('ackAllAlarms', {})).toBeNull()
    expect(await operator.refusal('setSensorSettings', edit)).toBe(
      'sensor settings change needs the admin role'
    )
    // An admin gets through the role check to the engine's own verdict.
    expect(await admin.refusal('setSensorSettings', edit)).toMatch(
      /^sensor settings change refused: .*no sensor/
    )
    expect(engine.watchlists()[0].symbols).toEqual(['A', 'B'])
  })

  it('answers a command without an id with an error, and counts it', async () => {
    engine = new Engine(config)
    const view = await attach()
    view.link.send({ type: 'command', name: 'ackAllAlarms', args: {} } as never)
    await waitFor(() => view.ofType('error')[0], 'an error')
    expect(view.ofType('error')[0].message).toBe('a command needs a numeric id and a name')
    expect(engine.rejectedViewMessages).toBe(1)
  })

  it('refuses commands beyond the in-flight bound instead of queueing them', async () => {
    engine = new Engine(config)
    // A handler that never answers stands in for slow commands (connection tests).
    vi.spyOn(engine.commands, 'dispatch').mockImplementation(() => new Promise(() => {}))
    const view = await attach()
    const replies = Array.from({ length: MAX_COMMANDS_IN_FLIGHT + 2 }, () =>
      view.command('unshelve', { key: 'a/b' })
    )
    const answered = await Promise.all(replies.slice(MAX_COMMANDS_IN_FLIGHT))
    for (const reply of answered)
      expect(reply).toMatchObject({ ok: false, error: expect.stringMatching(/too many commands/) })
    // The link stays usable while the slow ones wait.
    view.link.send({ type: 'ping', t0: 1 })
    await waitFor(() => view.ofType('pong')[0], 'pong')
  })
})

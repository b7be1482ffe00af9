/**
 * Roles in browser mode, through the real `npm run serve` composition: each token acts with its
 * role on the bridge, every command class tried with each, and refusals name the role needed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BRIDGE_PATH } from '@shared/protocol'
import { startServeCommand, type RunningServeCommand } from '../../../src/main/serve/serveCommand'
import { BridgeClient } from '../../harness/bridgeClient'

let dir: string
let running: RunningServeCommand
let port: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tickwire-roles-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>')
  // Sources on a closed port: nothing connects, but every command has something to act on.
  const config = join(dir, 'desk.json')
  writeFileSync(
    config,
    JSON.stringify({
      market: [
        {
          id: 'desk',
          adapter: 'json',
          url: 'ws://127.0.0.1:9/f',
          symbols: ['A'],
          mapping: { symbol: 's', price: 'p' }
        }
      ],
      telemetry: [
        {
          id: 'plant',
          url: 'mqtt://127.0.0.1:9',
          subscriptions: [{ topic: 'plant/#' }],
          sensors: [{ id: 'boiler', topic: 'plant/boiler', warn: 80 }]
        }
      ]
    })
  )
  const argv = ['--port', '0', '--config', config, '--state-dir', join(dir, 'state')]
  argv.push('--viewer-token', 'wall-screen', '--token', 'desk-operator', '--admin-token', 'it-admin')
  running = await startServeCommand(argv, {}, { stdout: () => {}, stderr: () => {} }, dir)
  port = new URL(running.url).port
})

afterAll(async () => {
  await running?.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function bridge(token: string): Promise<BridgeClient> {
  const client = new BridgeClient(`ws://127.0.0.1:${port}${BRIDGE_PATH}?token=${token}`)
  await client.opened()
  client.send({ type: 'ready' })
  await client.next('hello')
  return client
}

const COMMANDS = {
  operator: ['ackAllAlarms', {}],
  watchlist: ['setWatchlist', { source: 'desk', symbols: ['A', 'B'] }],
  admin: ['setSensorSettings', { key: 'plant/boiler', settings: { warn: 70 } }]
} as const

describe('roles in browser mode', () => {
  it('prints the operator token in the URL, and the API takes any role', async () => {
    expect(running.url).toMatch(/\?token=desk-operator$/)
    for (const token of ['wall-screen', 'desk-operator', 'it-admin']) {
      expect((await fetch(`http://127.0.0.1:${port}/api/stats?token=${token}`)).status).toBe(200)
    }
    expect((await fetch(`http://127.0.0.1:${port}/api/stats?token=nope`)).status).toBe(401)
  })

  it('tells each view its role, and answers each command class by it', async () => {
    const viewer = await bridge('wall-screen')
    const operator = await bridge('desk-operator')
    const admin = await bridge('it-admin')
    try {
      for (const [client, role] of [
        [viewer, 'viewer'],
        [operator, 'operator'],
        [admin, 'admin']
      ] as const) {
        client.send({ type: 'ready' })
        expect((await client.next('hello')).role).toBe(role)
      }
      const run = (client: BridgeClient, which: keyof typeof COMMANDS) =>
        client.command(COMMANDS[which][0], COMMANDS[which][1])

      expect(await run(viewer, 'operator')).toEqual({
        type: 'reply',
        id: expect.any(Number),
        ok: false,
        error: 'acknowledging all alarms needs the operator role'
      })
      expect(await run(viewer, 'watchlist')).toMatchObject({
        ok: false,
        error: 'watchlist change needs the operator role'
      })
      expect(await run(viewer, 'admin')).toMatchObject({
        ok: false,
        error: 'sensor settings change needs the admin role'
      })

      expect(await run(operator, 'operator')).toMatchObject({ ok: true, result: { acked: 0 } })
      expect(await run(operator, 'watchlist')).toMatchObject({ ok: true, result: { symbols: ['A', 'B'] } })
      expect(await run(operator, 'admin')).toMatchObject({
        ok: false,
        error: 'sensor settings change needs the admin role'
      })

      expect(await run(admin, 'operator')).toMatchObject({ ok: true })
      expect(await run(admin, 'admin')).toMatchObject({ ok: true, result: null })
    } finally {
      await Promise.all([viewer.close(), operator.close(), admin.close()])
    }
  })
})

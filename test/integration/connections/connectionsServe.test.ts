/**
 * The Connections commands through the real `npm run serve` composition, a real Mosquitto with a
 * password file, and the bridge: save, test, export, import, restart, remove — and no secret in
 * any file but secrets.json (mode 0600), in any `/api` response or in an export without secrets.
 */
import { readFileSync, statSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mqtt from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ConnectionEntry, ConnectionsList } from '@shared/connections/connectionModel'
import { BRIDGE_PATH } from '@shared/protocol'
import { startServeCommand, type RunningServeCommand } from '../../../src/main/serve/serveCommand'
import { BridgeClient } from '../../harness/bridgeClient'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'

const unavailable = mosquittoUnavailable()
if (unavailable) console.warn(`Skipping connections serve tests: ${unavailable}`)

const PASSWORD = 'correct-horse-battery-staple'
let broker: Mosquitto
let dir: string
let stateDir: string
let running: RunningServeCommand | null = null
const problems: string[] = []

beforeAll(async () => {
  if (unavailable) return
  broker = await Mosquitto.start({ users: { plant: PASSWORD } })
  dir = mkdtempSync(join(tmpdir(), 'tickwire-conn-'))
  stateDir = join(dir, 'state')
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>')
})
afterAll(async () => {
  if (unavailable) return
  await running?.stop()
  await broker.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function serve(extra: string[] = []): Promise<RunningServeCommand> {
  running = await startServeCommand(
    ['--port', '0', '--no-demo', '--state-dir', stateDir, ...extra],
    {},
    { stdout: () => {}, stderr: (line) => problems.push(line) },
    dir
  )
  return running
}

async function bridge(server: RunningServeCommand, token?: string): Promise<BridgeClient> {
  const url = new URL(server.url)
  const client = new BridgeClient(`ws://${url.host}${BRIDGE_PATH}${token ? `?token=${token}` : url.search}`)
  await client.opened()
  client.send({ type: 'ready' })
  await client.next('hello')
  return client
}

const plant = (password: string) => ({
  id: 'plant',
  url: broker.url,
  username: 'plant',
  password,
  clientId: 'tickwire-conn-test',
  subscriptions: [{ topic: 'conn/#', qos: 1 }],
  sensors: [{ id: 'boiler', topic: 'conn/boiler', label: 'Boiler', unit: '°C' }]
})

async function api(server: RunningServeCommand, path: string): Promise<string> {
  return (await fetch(new URL(path, server.url))).text()
}

describe.skipIf(unavailable !== null)('connections in browser mode', () => {
  it('adds a broker live, keeps its password out of every file but secrets.json, and finds it after a restart', async () => {
    let server = await serve()
    let view = await bridge(server)
    const empty = await view.command('listConnections', {})
    expect(empty).toMatchObject({ ok: true, result: { connections: [], storage: { kind: 'file' } } })
    expect((empty as { result: ConnectionsList }).result.storage.description).toMatch(/file permissions only/)

    // A test with the wrong password says so, and does not echo it.
    const wrong = await view.command('testConnection', { kind: 'telemetry', config: plant('nope') })
    expect(wrong).toMatchObject({ ok: true, result: { result: 'auth' } })
    const good = await view.command('testConnection', { kind: 'telemetry', config: plant(PASSWORD) })
    expect(good).toMatchObject({ ok: true, result: { result: 'ok', granted: [{ topic: 'conn/#', qos: 1 }] } })

    // A field the schema refuses is named.
    const bad = await view.command('saveConnection', {
      kind: 'telemetry',
      config: { ...plant(PASSWORD), subscriptions: [{ topic: 'a/#', qos: 7 }] }
    })
    expect(bad).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^saving the connection refused: subscriptions\[0\]\.qos: /)
    })

    const saved = await view.command('saveConnection', { kind: 'telemetry', config: plant(PASSWORD) })
    expect(saved.ok).toBe(true)
    const entry = (saved as { result: ConnectionEntry }).result
    expect(entry).toMatchObject({
      id: 'plant',
      origin: 'user',
      managed: false,
      enabled: true,
      secrets: { password: 'set' }
    })
    expect(JSON.stringify(entry)).not.toContain(PASSWORD)

    // Live: its gauges appear.
    const publisher = await mqtt.connectAsync(broker.url, { username: 'plant', password: PASSWORD })
    await waitFor(
      async () => (await api(server, '/api/stats')).includes('"state":"open"') || undefined,
      'plant open'
    )
    await publisher.publishAsync('conn/boiler', '71.5', { qos: 1, retain: true })
    await waitFor(
      async () => (await api(server, '/api/snapshot')).includes('"value":71.5') || undefined,
      'the reading'
    )

    // The password is only in secrets.json, readable by its owner alone.
    const secretsFile = join(stateDir, 'secrets.json')
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600)
    expect(readFileSync(secretsFile, 'utf8')).toContain(PASSWORD)
    expect(readFileSync(join(stateDir, 'connections.json'), 'utf8')).not.toContain(PASSWORD)
    for (const path of ['/api/stats', '/api/snapshot'])
      expect(await api(server, path)).not.toContain(PASSWORD)
    const listed = await view.command('listConnections', {})
    expect(JSON.stringify(listed)).not.toContain(PASSWORD)
    const exported = await view.command('exportConnections', {})
    expect(exported).toMatchObject({ ok: true, result: { secretsIncluded: false } })
    expect(JSON.stringify(exported)).not.toContain(PASSWORD)
    const withSecrets = await view.command('exportConnections', { includeSecrets: true })
    expect((withSecrets as { result: { text: string } }).result.text).toContain(PASSWORD)

    // An edit that leaves the password empty keeps it (the view never had it).
    const { password: _omitted, ...withoutPassword } = plant(PASSWORD)
    const kept = await view.command('testConnection', {
      kind: 'telemetry',
      config: withoutPassword,
      previousId: 'plant',
      keep: ['password']
    })
    expect(kept).toMatchObject({ ok: true, result: { result: 'ok' } })

    await view.close()
    await server.stop()
    running = null

    // Restarted: the connection is restored and runs again.
    server = await serve()
    view = await bridge(server)
    await waitFor(
      async () => (await api(server, '/api/snapshot')).includes('"value":71.5') || undefined,
      'restored'
    )
    const again = (await view.command('listConnections', {})) as { result: ConnectionsList }
    expect(again.result.connections.map((c) => [c.id, c.enabled, c.secrets])).toEqual([
      ['plant', true, { password: 'set' }]
    ])

    // Removed: gone live and after a restart.
    expect(await view.command('removeConnection', { id: 'plant' })).toMatchObject({ ok: true })
    expect(await api(server, '/api/snapshot')).not.toContain('plant/')
    expect(readFileSync(secretsFile, 'utf8')).not.toContain(PASSWORD)

    // Import the export back: all entries checked first, then added live.
    const imported = await view.command('importConnections', {
      text: (withSecrets as { result: { text: string } }).result.text
    })
    expect(imported).toMatchObject({ ok: true, result: { added: ['plant'] } })
    const twice = await view.command('importConnections', {
      text: (withSecrets as { result: { text: string } }).result.text
    })
    expect(twice).toMatchObject({
      ok: false,
      error: expect.stringMatching(/telemetry\[0\]\.id: there is already a connection "plant"/)
    })
    await publisher.endAsync()
    await view.close()
  })

  it('lets a viewer list connections and nothing more', async () => {
    await running?.stop()
    const server = await serve(['--viewer-token', 'wall', '--admin-token', 'root'])
    const viewer = await bridge(server, 'wall')
    expect(await viewer.command('listConnections', {})).toMatchObject({ ok: true })
    expect(await viewer.command('removeConnection', { id: 'plant' })).toMatchObject({
      ok: false,
      error: 'removing the connection needs the admin role'
    })
    expect(
      await viewer.command('testConnection', { kind: 'telemetry', config: plant(PASSWORD) })
    ).toMatchObject({
      ok: false,
      error: 'testing the connection needs the admin role'
    })
    const admin = await bridge(server, 'root')
    expect(await admin.command('setConnectionEnabled', { id: 'plant', enabled: false })).toMatchObject({
      ok: true,
      result: { enabled: false }
    })
    await Promise.all([viewer.close(), admin.close()])
  })
})

/**
 * Publishing through the engine's command, against a real Mosquitto with users and an ACL: the
 * message reaches `mosquitto_sub`, retained and its clearing included; the broker's ACL denial
 * comes back as refused with its MQTT 5 reason code; a connection without `"publish": true` and a
 * viewer are refused by the engine; every attempt the broker saw is in `publish.jsonl`.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TickwireConfig } from '@shared/config'
import { configSchema } from '@shared/config'
import { Engine } from '../../../src/main/engine/engine'
import { PublishJournal } from '../../../src/main/runtime/publishJournal'
import { Mosquitto, mosquittoUnavailable } from '../../harness/mosquitto'
import { waitFor } from '../../harness/waitFor'

const unavailable = mosquittoUnavailable()
let broker: Mosquitto
let engine: Engine
let stateDir: string

beforeAll(async () => {
  if (unavailable !== null) return
  broker = await Mosquitto.start({
    users: { desk: 'desk-pw', reader: 'reader-pw' },
    acl: ['user desk', 'topic readwrite plant/#', 'topic read spBv1.0/#', 'user reader', 'topic read plant/#']
  })
  stateDir = mkdtempSync(join(tmpdir(), 'tickwire-publish-'))
  const connection = (id: string, publish: boolean) => ({
    id,
    url: broker.url,
    username: 'desk',
    password: 'desk-pw',
    publish,
    subscriptions: [{ topic: 'plant/#', qos: 1 }]
  })
  const config: TickwireConfig = configSchema.parse({
    market: [],
    telemetry: [
      connection('plant', true),
      connection('quiet', false),
      { ...connection('legacy', true), protocolVersion: 4 }
    ]
  })
  engine = new Engine(config, { publishJournal: new PublishJournal(stateDir, () => {}) })
  engine.start()
  await waitFor(() => engine.stats().sources.every((s) => s.state === 'open'), 'both connections')
})

afterAll(async () => {
  await engine?.stop()
  await broker?.stop()
  if (stateDir) rmSync(stateDir, { recursive: true, force: true })
})

/** `mosquitto_sub` for one message on `topic` (a retained one arrives at once). */
function subscribeOnce(topic: string, waitSec = 10): { done: Promise<string>; child: ChildProcess } {
  const url = new URL(broker.url)
  const child = spawn('mosquitto_sub', [
    '-h',
    '127.0.0.1',
    '-p',
    url.port,
    '-u',
    'reader',
    '-P',
    'reader-pw',
    '-t',
    topic,
    '-C',
    '1',
    '-v',
    '-W',
    String(waitSec)
  ])
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  const done = new Promise<string>((resolve) => child.once('exit', () => resolve(out.trim())))
  return { done, child }
}

const admin = { role: 'admin' as const }

describe.skipIf(unavailable !== null)('publishing', () => {
  it('delivers a message mosquitto_sub receives, and says the broker acknowledged it', async () => {
    const sub = subscribeOnce('plant/setpoint')
    await new Promise((r) => setTimeout(r, 300))
    const outcome = await engine.commands.dispatch(
      'publish',
      {
        source: 'plant',
        topic: 'plant/setpoint',
        payload: '{"v": 72.5}',
        encoding: 'json',
        qos: 1,
        by: 'ana'
      },
      admin
    )
    expect(outcome).toMatchObject({ ok: true, result: { result: 'ok', bytes: 11 } })
    expect(await sub.done).toBe('plant/setpoint {"v": 72.5}')
  })

  it('publishes and clears a retained message', async () => {
    const hex = await engine.commands.dispatch(
      'publish',
      { source: 'plant', topic: 'plant/mode', payload: '41 55 54 4f', encoding: 'hex', qos: 1, retain: true },
      admin
    )
    expect(hex).toMatchObject({ ok: true, result: { result: 'ok', bytes: 4 } })
    expect(await subscribeOnce('plant/mode').done).toBe('plant/mode AUTO')
    const cleared = await engine.commands.dispatch(
      'publish',
      { source: 'plant', topic: 'plant/mode', payload: '', qos: 1, retain: true },
      admin
    )
    expect(cleared).toMatchObject({ ok: true, result: { result: 'ok', bytes: 0 } })
    // Nothing retained any more: mosquitto_sub times out with nothing.
    expect(await subscribeOnce('plant/mode', 2).done).toBe('')
  }, 20_000)

  it('gives a QoS 2 publish the broker’s verdict from its PUBREC: denied by the ACL, or accepted', async () => {
    const denied = await engine.commands.dispatch(
      'publish',
      { source: 'plant', topic: 'spBv1.0/G/NCMD/N', payload: 'x', qos: 2 },
      admin
    )
    expect(denied).toMatchObject({
      ok: true,
      result: { result: 'refused', reasonCode: 0x87, reason: 'Not authorized' }
    })
    const accepted = await engine.commands.dispatch(
      'publish',
      { source: 'plant', topic: 'plant/qos2', payload: 'x', qos: 2 },
      admin
    )
    expect(accepted).toMatchObject({
      ok: true,
      result: { result: 'ok', reasonCode: 0x00, reason: 'Success' }
    })
  })

  it('shows the broker’s ACL denial as refused, with its reason code', async () => {
    const outcome = await engine.commands.dispatch(
      'publish',
      { source: 'plant', topic: 'spBv1.0/G/NCMD/N', payload: 'x', qos: 1 },
      admin
    )
    expect(outcome).toMatchObject({
      ok: true,
      result: { result: 'refused', reasonCode: 0x87, reason: 'Not authorized' }
    })
  })

  it('refuses, in the engine, a connection that does not allow publishing, a viewer, and bad payloads', async () => {
    expect(
      await engine.commands.dispatch('publish', { source: 'quiet', topic: 'plant/x', payload: '1' }, admin)
    ).toEqual({
      ok: false,
      error: 'publishing refused: publishing is off on "quiet" (its settings need "publish": true)'
    })
    expect(
      await engine.commands.dispatch(
        'publish',
        { source: 'plant', topic: 'plant/x', payload: '1' },
        { role: 'operator' }
      )
    ).toEqual({ ok: false, error: 'publishing needs the admin role' })
    expect(
      await engine.commands.dispatch('publish', { source: 'plant', topic: 'plant/#', payload: '1' }, admin)
    ).toMatchObject({ ok: false, error: expect.stringMatching(/topic: must not hold the wildcards/) })
    expect(
      await engine.commands.dispatch(
        'publish',
        { source: 'plant', topic: 'plant/x', payload: '{', encoding: 'json' },
        admin
      )
    ).toMatchObject({ ok: false, error: expect.stringMatching(/payload not valid JSON/) })
  })

  it('lists the topics the connection saw, and a topic’s last messages with QoS, retain and MQTT 5 properties', async () => {
    const sent = await engine.commands.dispatch(
      'publish',
      {
        source: 'plant',
        topic: 'plant/props',
        payload: 'hello',
        qos: 1,
        properties: { contentType: 'text/plain', userProperties: { line: 'A' }, correlationData: 'beef' }
      },
      admin
    )
    expect(sent).toMatchObject({ ok: true, result: { result: 'ok' } })
    await waitFor(async () => {
      const tree = await engine.commands.dispatch(
        'topicTree',
        { source: 'plant', filter: 'props' },
        { role: 'viewer' }
      )
      return (
        tree.ok && (tree.result as { rows: { topic: string }[] }).rows.some((r) => r.topic === 'plant/props')
      )
    }, 'the topic in the tree')
    const tree = await engine.commands.dispatch('topicTree', { source: 'plant' }, { role: 'viewer' })
    expect(tree).toMatchObject({ ok: true, result: { untracked: 0 } })
    const topics = (tree as { result: { rows: { topic: string }[] } }).result.rows.map((r) => r.topic)
    expect(topics).toEqual(expect.arrayContaining(['plant/props', 'plant/setpoint']))
    const messages = await engine.commands.dispatch(
      'topicMessages',
      { source: 'plant', topic: 'plant/props' },
      { role: 'viewer' }
    )
    expect(messages).toMatchObject({
      ok: true,
      result: {
        topic: 'plant/props',
        messages: [
          {
            qos: 1,
            retain: false,
            dup: false,
            size: 5,
            truncated: false,
            properties: { contentType: 'text/plain', userProperties: { line: 'A' }, correlationData: 'beef' }
          }
        ],
        payload: { payloadBase64: Buffer.from('hello').toString('base64'), size: 5, truncated: false },
        replayed: false
      }
    })
    expect(
      await engine.commands.dispatch(
        'topicMessages',
        { source: 'plant', topic: 'plant/never' },
        { role: 'viewer' }
      )
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no message seen on "plant\/never"/)
    })
  })

  it('journals every publish the broker saw, newest first, in publish.jsonl', async () => {
    const listed = await engine.commands.dispatch('publishJournal', {}, admin)
    expect(listed.ok).toBe(true)
    const entries = (
      listed as { result: { topic: string; result: string; by: string | null; role: string }[] }
    ).result
    expect(entries.map((e) => [e.topic, e.result])).toEqual([
      ['plant/props', 'ok'],
      ['spBv1.0/G/NCMD/N', 'refused'],
      ['plant/qos2', 'ok'],
      ['spBv1.0/G/NCMD/N', 'refused'],
      ['plant/mode', 'ok'],
      ['plant/mode', 'ok'],
      ['plant/setpoint', 'ok']
    ])
    expect(entries.at(-1)).toMatchObject({ by: 'ana', role: 'admin', qos: 1, retain: false, source: 'plant' })
    const lines = readFileSync(join(stateDir, 'publish.jsonl'), 'utf8').trim().split('\n')
    expect(lines).toHaveLength(7)
    // Read back at the next start.
    expect(new PublishJournal(stateDir, () => {}).recent(10)).toEqual(entries)
  })

  it('publishes all the same when the journal cannot be written, and says so in the answer', async () => {
    const brokenDir = mkdtempSync(join(tmpdir(), 'tickwire-publish-broken-'))
    // A directory where the journal file should be: every append fails.
    mkdirSync(join(brokenDir, 'publish.jsonl'))
    const reported: string[] = []
    const config: TickwireConfig = configSchema.parse({
      market: [],
      telemetry: [
        {
          id: 'plant',
          url: broker.url,
          username: 'desk',
          password: 'desk-pw',
          publish: true,
          subscriptions: [{ topic: 'plant/#', qos: 1 }]
        }
      ]
    })
    const other = new Engine(config, {
      publishJournal: new PublishJournal(brokenDir, (p) => reported.push(p))
    })
    other.start()
    try {
      await waitFor(() => other.stats().sources.every((s) => s.state === 'open'), 'the connection')
      const outcome = await other.commands.dispatch(
        'publish',
        { source: 'plant', topic: 'plant/unjournaled', payload: '1', qos: 1 },
        admin
      )
      expect(outcome).toMatchObject({
        ok: true,
        result: { result: 'ok', journalProblem: expect.stringMatching(/cannot write the publish journal/) }
      })
      expect(reported.filter((r) => r.includes('cannot write'))).toHaveLength(1)
    } finally {
      await other.stop()
      rmSync(brokenDir, { recursive: true, force: true })
    }
  })

  it('answers many QoS 2 publishes in flight at once, each with its own answer, sharing two listeners', async () => {
    const warnings: string[] = []
    const onWarning = (w: Error): void => void warnings.push(w.name)
    process.on('warning', onWarning)
    try {
      const outcomes = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          engine.commands.dispatch(
            'publish',
            i % 3 === 0
              ? { source: 'plant', topic: 'spBv1.0/G/NCMD/N', payload: `x${i}`, qos: 2 }
              : { source: 'plant', topic: `plant/burst/${i}`, payload: `x${i}`, qos: 2 },
            admin
          )
        )
      )
      outcomes.forEach((o, i) =>
        expect(o).toMatchObject({ ok: true, result: { result: i % 3 === 0 ? 'refused' : 'ok' } })
      )
      expect(warnings).not.toContain('MaxListenersExceededWarning')
    } finally {
      process.off('warning', onWarning)
    }
  })

  it('says when MQTT 5 properties could not go with a publish on an MQTT 3.1.1 connection', async () => {
    const outcome = await engine.commands.dispatch(
      'publish',
      {
        source: 'legacy',
        topic: 'plant/legacy',
        payload: '1',
        qos: 1,
        properties: { contentType: 'text/plain' }
      },
      admin
    )
    expect(outcome).toMatchObject({
      ok: true,
      result: { result: 'ok', reason: expect.stringContaining('MQTT 5 properties were not sent') }
    })
    const plain = await engine.commands.dispatch(
      'publish',
      { source: 'legacy', topic: 'plant/legacy', payload: '1', qos: 1 },
      admin
    )
    expect(plain).toMatchObject({ ok: true, result: { result: 'ok', reason: 'acknowledged' } })
  })
})

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { TickwireConfig } from '@shared/config'
import { publicConfig } from '../../../../src/main/engine/recording/publicConfig'
import { Recorder } from '../../../../src/main/engine/recording/recorder'
import {
  eventTimeBounds,
  maxLineFor,
  parseEvent,
  parseHeader,
  RecordingReader
} from '../../../../src/main/engine/recording/recordingReader'
import { ReplayPlayer } from '../../../../src/main/engine/recording/replayPlayer'
import { eventLine, headerLine } from '../../../../src/main/engine/recording/recordingFormat'
import { replayStateDir } from '../../../../src/main/runtime/sessionRecording'
import { waitFor } from '../../../harness/waitFor'

const T0 = Date.UTC(2026, 11, 2, 10, 0, 0)
const dir = mkdtempSync(join(tmpdir(), 'tickwire-recording-'))

function file(name: string, lines: string[]): string {
  const path = join(dir, name)
  writeFileSync(path, gzipSync(Buffer.from(lines.join(''), 'utf8')))
  return path
}

const CONFIG: TickwireConfig = {
  market: [],
  telemetry: [
    {
      id: 'plant',
      url: 'mqtt://user:pw@broker.example:1883/path?token=abc',
      username: 'device-token',
      password: 'secret',
      clientId: 'client-secret',
      will: { topic: 'w', payload: 'will-secret', qos: 0, retain: false },
      subscriptions: [{ topic: 'plant/#', qos: 1 }]
    } as unknown as TickwireConfig['telemetry'][number]
  ]
}

describe('recordings', () => {
  it('keep no secret of the configuration, URLs down to scheme and host', () => {
    const market = {
      id: 'desk',
      adapter: 'json',
      url: 'wss://feed.example/v2/APIKEY123?key=k',
      headers: { Authorization: 'Bearer h' },
      subscribe: { op: 'auth', key: 'sub-secret' },
      symbols: ['A'],
      mapping: { symbol: 's', price: 'p', timeUnit: 'ms' }
    } as unknown as TickwireConfig['market'][number]
    const text = JSON.stringify(publicConfig({ ...CONFIG, market: [market] }))
    for (const secret of [
      'APIKEY123',
      'Bearer',
      'sub-secret',
      'device-token',
      'secret',
      'client-secret',
      'token=abc',
      'pw@'
    ])
      expect(text).not.toContain(secret)
    expect(text).toContain('"url":"wss://feed.example/"')
    expect(text).toContain('"url":"mqtt://broker.example:1883/"')
  })

  it('read multi-byte text split across chunks intact, and skip lines over the bound (counted)', async () => {
    const lines = [headerLine(T0, CONFIG)]
    const payload = Buffer.from('温度 °C '.repeat(5000), 'utf8')
    for (let i = 0; i < 20; i++)
      lines.push(eventLine({ t: T0 + i, s: 'plant', tp: 'plant/t', p: payload.toString('utf8'), q: 0 }))
    lines.push(`{"t":${T0},"s":"plant","x":"${'y'.repeat(5000)}"}\n`)
    const reader = new RecordingReader(file('utf8.ndjson.gz', lines), 4096 * 20)
    const read: string[] = []
    await reader.run((line) => read.push(line))
    expect(read).toHaveLength(22)
    for (const line of read.slice(1, 21)) expect(JSON.parse(line).p).toBe(payload.toString('utf8'))
    const short = new RecordingReader(file('long.ndjson.gz', lines), 6000)
    const kept: string[] = []
    await short.run((line) => kept.push(line))
    expect(kept).toHaveLength(2)
    expect(short.skipped).toBe(20)
  })

  it('refuse event times far from the start, and events of the wrong shape', () => {
    const bounds = eventTimeBounds(T0)
    expect(parseEvent(`{"t":${T0},"s":"a","x":"hi"}`, bounds)).toEqual({ t: T0, s: 'a', x: 'hi' })
    expect(parseEvent('{"t":1e20,"s":"a","x":"hi"}', bounds)).toBeNull()
    expect(parseEvent(`{"t":${T0 - 2 * 86_400_000},"s":"a","x":"hi"}`, bounds)).toBeNull()
    expect(parseEvent(`{"t":${T0},"s":"a","sym":["ok","has space\\u0000"]}`, bounds)).toBeNull()
    expect(parseEvent(`{"t":${T0},"s":"a","st":"exploded"}`, bounds)).toBeNull()
    expect(parseEvent('[1,2]', bounds)).toBeNull()
  })

  it('refuse a header with an implausible start or a configuration nested past the stack', () => {
    const header = (startedAt: unknown, config: unknown = CONFIG) =>
      JSON.stringify({ tickwire: 'recording', version: 1, startedAt, config })
    expect(parseHeader('r.gz', header(T0)).startedAt).toBe(T0)
    for (const bad of [0, -1, 'soon', null, 8.64e15])
      expect(() => parseHeader('r.gz', header(bad))).toThrow(/plausible recording start/)
    const deep = `{"market":[{"id":"a","adapter":"json","url":"wss://x.example/","subscribe":${'['.repeat(100_000)}${']'.repeat(100_000)}}],"telemetry":[]}`
    expect(() => parseHeader('r.gz', header(T0).replace(JSON.stringify(CONFIG), deep))).toThrow(
      /nested too deeply|subscribe|\$\.config/
    )
  })

  it('a paced replay plays a silence of over an hour as a second', async () => {
    const path = file('silence.ndjson.gz', [
      headerLine(T0, CONFIG),
      `{"t":${T0 + 1},"s":"plant","tp":"plant/t","p":"1","q":0}\n`,
      `{"t":${T0 + 300 * 86_400_000},"s":"plant","tp":"plant/t","p":"2","q":0}\n`
    ])
    const player = new ReplayPlayer(path, '1', false, {
      tickwire: 'recording',
      version: 1,
      startedAt: T0,
      config: CONFIG
    })
    const played: number[] = []
    player.attach('plant', { play: (e) => played.push(e.t) })
    player.start()
    await waitFor(() => player.status().done, 'the replay to end', 5_000)
    player.stop()
    expect(played).toEqual([T0 + 1, T0 + 300 * 86_400_000])
  })

  it('a looped replay of a recording with no events ends instead of spinning', async () => {
    const path = file('empty.ndjson.gz', [headerLine(T0, CONFIG)])
    const player = new ReplayPlayer(path, 'max', true, {
      tickwire: 'recording',
      version: 1,
      startedAt: T0,
      config: CONFIG
    })
    player.start()
    await waitFor(() => player.status().done, 'the replay to end')
    player.stop()
  })

  it('keep replay state beside the live one, whatever the file is called', () => {
    expect(replayStateDir('/s', '/r/tickwire-1.ndjson.gz')).toBe('/s/replays/tickwire-1')
    expect(replayStateDir('/s', '/r/...ndjson.gz')).toBe('/s/replays/recording')
    expect(replayStateDir('/s', '/r/..')).toBe('/s/replays/recording')
  })
})

describe('the recorder', () => {
  it('starts a new file, whose header has it, when a source is added while recording', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tickwire-recorder-'))
    let config: TickwireConfig = { market: [], telemetry: [] }
    const recorder = new Recorder({ publicConfig: () => config, sourceStates: () => [], report: () => {} })
    expect(recorder.start(out)).toBeNull()
    recorder.tapFor('plant').mqtt(T0, 'plant/t', Buffer.from('1'), false, 0)
    config = CONFIG
    // What LiveSources.add does for a source added while running.
    const tap = recorder.tapFor('plant2')
    await new Promise((r) => setImmediate(r))
    tap.mqtt(T0 + 1, 'plant/t', Buffer.from('2'), false, 0)
    await recorder.stop()
    const files = readdirSync(out).sort()
    expect(files).toHaveLength(2)
    const second = gunzipSync(readFileSync(join(out, files[1])))
      .toString('utf8')
      .split('\n')
    expect(JSON.parse(second[0]).config.telemetry[0].id).toBe('plant')
    expect(second[1]).toContain('"s":"plant2"')
    expect(recorder.status().messages).toBe(2)
  })
})

describe('the recorder writing through its thread', () => {
  const recorderIn = (out: string, options: Partial<ConstructorParameters<typeof Recorder>[0]> = {}) => {
    const problems: string[] = []
    const recorder = new Recorder({
      publicConfig: () => CONFIG,
      sourceStates: () => [{ id: 'plant', state: 'open' }],
      report: (p) => problems.push(p),
      ...options
    })
    expect(recorder.start(out)).toBeNull()
    return { recorder, problems }
  }
  const linesOf = (path: string) => gunzipSync(readFileSync(path)).toString('utf8').split('\n').slice(0, -1)

  it('writes every kind of event as the line the reader takes back, exactly', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tickwire-recorder-'))
    const { recorder, problems } = recorderIn(out)
    const feed = recorder.tapFor('feed')
    const plant = recorder.tapFor('plant')
    const awkward = '{"s":"A\\"B","p":1}\n\t\u2028 温度 \u0000 "quoted" \\ end'
    feed.text(T0 + 0.4, awkward, true)
    feed.text(T0 + 1, 'login answer with a token', false)
    feed.binary(T0 + 2, 17)
    feed.refused(T0 + 3, 'message over maxMessageBytes')
    feed.symbols(T0 + 4, ['BTCUSDT', 'ETHUSDT'])
    feed.state(T0 + 5, 'reconnecting', 'closed by peer')
    plant.mqtt(T0 + 6, 'plant/"t"', Buffer.from('{"v":21.5} °C', 'utf8'), true, 2)
    plant.mqtt(T0 + 7, 'plant/raw', Buffer.from([0xff, 0x00, 0xfe]), false, 1)
    await recorder.stop()
    expect(problems).toEqual([])
    const files = readdirSync(out)
    expect(files).toHaveLength(1)
    const lines = linesOf(join(out, files[0]))
    expect(JSON.parse(lines[0]).tickwire).toBe('recording')
    const bounds = eventTimeBounds(T0)
    expect(lines.slice(1).map((line) => parseEvent(line, bounds))).toEqual([
      { t: expect.any(Number), s: 'plant', st: 'open' },
      { t: T0, s: 'feed', x: awkward },
      { t: T0 + 1, s: 'feed', x: '', n: 1 },
      { t: T0 + 2, s: 'feed', bin: 17 },
      { t: T0 + 3, s: 'feed', ref: 'message over maxMessageBytes' },
      { t: T0 + 4, s: 'feed', sym: ['BTCUSDT', 'ETHUSDT'] },
      { t: T0 + 5, s: 'feed', st: 'reconnecting', err: 'closed by peer' },
      { t: T0 + 6, s: 'plant', tp: 'plant/"t"', p: '{"v":21.5} °C', q: 2, r: 1 },
      {
        t: T0 + 7,
        s: 'plant',
        tp: 'plant/raw',
        p64: Buffer.from([0xff, 0x00, 0xfe]).toString('base64'),
        q: 1
      }
    ])
    expect(recorder.status()).toMatchObject({ active: false, messages: 8, dropped: 0, lastError: null })
    expect(recorder.status().bytes).toBe(readFileSync(join(out, files[0])).length)
  })

  it('rotates by size (each file starting with the header), prunes the oldest, and counts every byte', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tickwire-recorder-'))
    const { recorder } = recorderIn(out, { maxFileBytes: 300_000, maxTotalBytes: 1_000_000 })
    const tap = recorder.tapFor('feed')
    // Text that compresses little, so the files really fill: 60 rounds of 48 kB, each its own turn.
    let seed = 1
    const noise = () => {
      let s = ''
      for (let i = 0; i < 1_000; i++) s += ((seed = (seed * 48271) % 2147483647) % 1e9).toString(36)
      return s
    }
    for (let round = 0; round < 60; round++) {
      for (let i = 0; i < 8; i++) tap.text(T0 + round, noise(), true)
      await new Promise((r) => setTimeout(r, 20))
    }
    await recorder.stop()
    const files = readdirSync(out).sort()
    expect(files.length).toBeGreaterThan(1)
    const sizes = files.map((f) => readFileSync(join(out, f)).length)
    const kept = sizes.reduce((a, b) => a + b, 0)
    // Sizes are checked as batches come back from the writer thread, so a file may run over by a
    // few batches (here large against the file: a few hundred kB; against 64 MB, nothing much).
    for (const size of sizes) expect(size).toBeLessThanOrEqual(1_000_000)
    expect(kept).toBeLessThanOrEqual(1_000_000 + 1_000_000)
    for (const f of files) expect(JSON.parse(linesOf(join(out, f))[0]).tickwire).toBe('recording')
    expect(recorder.status().dropped).toBe(0)
    // Every byte written counts, the pruned files' too.
    expect(recorder.status().bytes).toBeGreaterThan(kept)
    expect(recorder.status().bytes).toBeGreaterThan(1_000_000)
  })

  it('drops, and counts, what finds the thread still busy past its bound', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tickwire-recorder-'))
    const { recorder } = recorderIn(out, { maxInFlightChars: 1 })
    const tap = recorder.tapFor('feed')
    const frame = 'x'.repeat(1_000)
    // In one turn: the first full batch goes to the thread, the next two find it unanswered.
    for (let i = 0; i < 1_000; i++) tap.text(T0 + i, frame, true)
    expect(recorder.status().dropped).toBeGreaterThan(400)
    await recorder.stop()
    // What was not dropped is in the file (after the header and the state line), to the event.
    const { dropped } = recorder.status()
    const lines = linesOf(join(out, readdirSync(out)[0]))
    expect(lines.length - 2).toBe(1_000 - dropped)
    expect(recorder.status()).toMatchObject({ messages: 1_000, dropped })
  })

  it('says once that a file cannot be written, drops (counted) until a new file works, then records again', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tickwire-recorder-'))
    const { recorder, problems } = recorderIn(out, { retryMs: 200 })
    const tap = recorder.tapFor('feed')
    await new Promise((r) => setTimeout(r, 50))
    rmSync(out, { recursive: true, force: true })
    // The file vanished with its folder; rotating (a source added) makes the thread open a new one there.
    recorder.tapFor('other')
    for (let i = 0; i < 2_000; i++) tap.text(T0 + i, 'y'.repeat(300), true)
    await waitFor(() => problems.length > 0, 'the failure to be reported')
    await waitFor(() => {
      for (let i = 0; i < 100; i++) tap.text(T0 + i, 'z', true)
      return recorder.status().dropped > 0
    }, 'events to be dropped while the file is failing')
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/recording to .*tickwire-\d+\.ndjson\.gz failed: ENOENT/)
    expect(recorder.status()).toMatchObject({ active: true, lastError: expect.stringMatching(/ENOENT/) })
    // The folder is back: the next retry's file takes events again.
    mkdirSync(out)
    await waitFor(() => readdirSync(out).length > 0, 'a new file')
    const droppedBefore = recorder.status().dropped
    tap.text(T0 + 5_000, 'after the outage', true)
    await recorder.stop()
    expect(recorder.status().dropped).toBe(droppedBefore)
    const lines = linesOf(join(out, readdirSync(out)[0]))
    expect(lines.at(-1)).toContain('after the outage')
    expect(problems).toHaveLength(1)
  })

  it('starts again at once after a stop, with its own thread and file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tickwire-recorder-'))
    const { recorder } = recorderIn(out)
    const tap = recorder.tapFor('feed')
    tap.text(T0, 'first', true)
    const stopping = recorder.stop()
    // Record pressed again while the first file is still being closed.
    expect(recorder.start(out)).toBeNull()
    tap.text(T0 + 1, 'second', true)
    await stopping
    expect(recorder.status()).toMatchObject({ active: true, file: expect.stringContaining(out) })
    await recorder.stop()
    const texts = readdirSync(out)
      .sort()
      .map((f) => linesOf(join(out, f)).join('\n'))
    expect(texts.some((t) => t.includes('"first"'))).toBe(true)
    expect(texts.some((t) => t.includes('"second"'))).toBe(true)
  })

  it('leaves alone a folder named like a recording, and never throws into a source', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tickwire-recorder-'))
    mkdirSync(join(out, 'tickwire-0000000000001.ndjson.gz'))
    const { recorder, problems } = recorderIn(out, { maxFileBytes: 50_000, maxTotalBytes: 100_000 })
    const tap = recorder.tapFor('feed')
    let seed = 7
    for (let round = 0; round < 30; round++) {
      let s = ''
      for (let i = 0; i < 3_000; i++) s += ((seed = (seed * 48271) % 2147483647) % 1e9).toString(36)
      for (let i = 0; i < 4; i++) tap.text(T0 + round, s, true)
      await new Promise((r) => setTimeout(r, 20))
    }
    await recorder.stop()
    expect(problems).toEqual([])
    const names = readdirSync(out)
    expect(names).toContain('tickwire-0000000000001.ndjson.gz')
    const files = names.filter((n) => n !== 'tickwire-0000000000001.ndjson.gz')
    const kept = files.reduce((sum, f) => sum + readFileSync(join(out, f)).length, 0)
    expect(kept).toBeLessThanOrEqual(100_000 + 300_000)
    // The last file holds events, not only a header a stop opened it with.
    expect(linesOf(join(out, files.sort().at(-1)!)).length).toBeGreaterThan(2)
  })

  it('records a large payload of control characters, which replay reads back whole', async () => {
    const out = mkdtempSync(join(tmpdir(), 'tickwire-recorder-'))
    const { recorder, problems } = recorderIn(out)
    const payload = Buffer.alloc(400_000, 1)
    recorder.tapFor('plant').mqtt(T0, 'plant/raw', payload, false, 0)
    await recorder.stop()
    expect(problems).toEqual([])
    const path = join(out, readdirSync(out)[0])
    const config = { ...CONFIG, telemetry: [{ ...CONFIG.telemetry[0], maxMessageBytes: 1024 * 1024 }] }
    const reader = new RecordingReader(path, maxLineFor(config as TickwireConfig))
    const read: string[] = []
    await reader.run((line) => read.push(line))
    expect(reader.skipped).toBe(0)
    expect(JSON.parse(read.at(-1)!).p).toBe(payload.toString('utf8'))
  })
})

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { TickwireConfig } from '@shared/config'
import { publicConfig } from '../../../../src/main/engine/recording/publicConfig'
import { Recorder } from '../../../../src/main/engine/recording/recorder'
import {
  eventTimeBounds,
  parseEvent,
  RecordingReader
} from '../../../../src/main/engine/recording/recordingReader'
import { ReplayPlayer } from '../../../../src/main/engine/recording/replayPlayer'
import { headerLine, mqttLine, sourcePart } from '../../../../src/main/engine/recording/recordingFormat'
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
      lines.push(mqttLine(sourcePart('plant'), T0 + i, 'plant/t', payload, false, 0))
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

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ConfigError } from '@shared/config'
import { loadConfig } from '../../../src/main/runtime/loadConfig'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickwire-config-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const telemetry = (tls: Record<string, unknown>) => ({
  telemetry: [{ id: 'plant', url: 'mqtts://127.0.0.1:8883', subscriptions: [{ topic: '#' }], tls }]
})

function write(name: string, value: unknown): string {
  const file = join(dir, name)
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value))
  return file
}

describe('loadConfig', () => {
  it('refuses a missing file naming it', () => {
    const file = join(dir, 'nope.json')
    expect(() => loadConfig(file)).toThrow(`${file}: $: file not found`)
  })

  it('resolves TLS paths relative to the configuration file', () => {
    write('ca.pem', 'CA')
    const config = loadConfig(write('c.json', telemetry({ ca: 'ca.pem' })))
    expect(config.telemetry[0].tls?.ca).toBe(join(dir, 'ca.pem'))
    expect(config.telemetry[0].tls?.rejectUnauthorized).toBe(true)
  })

  it('refuses a TLS file that does not exist, with its JSON path', () => {
    const file = write('c.json', telemetry({ ca: 'missing.pem' }))
    try {
      loadConfig(file)
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      expect((err as ConfigError).jsonPath).toBe('$.telemetry[0].tls.ca')
    }
  })

  it('refuses a client certificate without its key', () => {
    write('client.pem', 'CERT')
    expect(() => loadConfig(write('c.json', telemetry({ cert: 'client.pem' })))).toThrow(
      /\$\.telemetry\[0\]\.tls\.key/
    )
  })
})

import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ConfigError } from '@shared/configError'
import { loadConfig } from '../../../src/main/runtime/loadConfig'
import { makeTestCertificates, type TestCertificates } from '../../harness/tlsCertificates'

let dir: string
let certs: TestCertificates
beforeAll(() => {
  certs = makeTestCertificates()
})
afterAll(() => certs.remove())
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

/** The ConfigError `loadConfig` refuses with (fails the test when it accepts). */
async function refusal(file: string): Promise<ConfigError> {
  try {
    await loadConfig(file)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return err as ConfigError
  }
  throw new Error('the configuration was accepted')
}

describe('loadConfig', () => {
  it('refuses a missing file naming it', async () => {
    const file = join(dir, 'nope.json')
    await expect(loadConfig(file)).rejects.toThrow(`${file}: $: file not found`)
  })

  it('refuses a configuration that is a directory, a FIFO or larger than 4 MB', async () => {
    mkdirSync(join(dir, 'conf.d'))
    expect((await refusal(join(dir, 'conf.d'))).reason).toBe('a directory, not a file')
    const fifo = join(dir, 'fifo.json')
    execFileSync('mkfifo', [fifo])
    expect((await refusal(fifo)).reason).toMatch(/not a regular file/)
    const big = write('big.json', `{"market":[],"x":"${'y'.repeat(4 * 1024 * 1024)}"}`)
    expect((await refusal(big)).reason).toBe('larger than 4 MB')
  })

  it('resolves TLS paths relative to the configuration file and accepts real PEM files', async () => {
    copyFileSync(certs.ca, join(dir, 'ca.pem'))
    copyFileSync(certs.clientCert, join(dir, 'client.pem'))
    copyFileSync(certs.clientKey, join(dir, 'client.key'))
    const config = await loadConfig(
      write('c.json', telemetry({ ca: 'ca.pem', cert: 'client.pem', key: 'client.key' }))
    )
    expect(config.telemetry[0].tls).toMatchObject({
      ca: join(dir, 'ca.pem'),
      cert: join(dir, 'client.pem'),
      key: join(dir, 'client.key'),
      rejectUnauthorized: true
    })
  })

  it('refuses a TLS file that does not exist, with its JSON path', async () => {
    const err = await refusal(write('c.json', telemetry({ ca: 'missing.pem' })))
    expect(err.jsonPath).toBe('$.telemetry[0].tls.ca')
    expect(err.reason).toBe(`file not found: ${join(dir, 'missing.pem')}`)
  })

  it('refuses a FIFO, /dev/zero, a directory, an oversized file and non-PEM text as a CA, promptly', async () => {
    const fifo = join(dir, 'ca.fifo')
    execFileSync('mkfifo', [fifo])
    mkdirSync(join(dir, 'certs'))
    write('huge.pem', `-----BEGIN CERTIFICATE-----\n${'A'.repeat(1024 * 1024)}\n-----END CERTIFICATE-----\n`)
    write('text.pem', 'just some text\n')
    write('broken.pem', '-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n')
    const cases: [string, RegExp][] = [
      [fifo, /^not a regular file/],
      ['/dev/zero', /^not a regular file/],
      ['certs', /^a directory, not a file/],
      ['huge.pem', /^larger than 1 MB/],
      ['text.pem', /^not a PEM certificate/],
      ['broken.pem', /^certificate 1 is not a valid PEM certificate/]
    ]
    for (const [ca, reason] of cases) {
      const started = Date.now()
      const err = await refusal(write('c.json', telemetry({ ca })))
      expect(err.jsonPath, ca).toBe('$.telemetry[0].tls.ca')
      expect(err.reason, ca).toMatch(reason)
      expect(err.message.split('\n')).toHaveLength(1)
      expect(Date.now() - started, `${ca} answered promptly`).toBeLessThan(5_000)
    }
  })

  it('refuses a key that is not a private key, or not the certificate’s', async () => {
    copyFileSync(certs.clientCert, join(dir, 'client.pem'))
    copyFileSync(certs.serverKey, join(dir, 'server.key'))
    const notKey = await refusal(write('c.json', telemetry({ cert: 'client.pem', key: 'client.pem' })))
    expect([notKey.jsonPath, notKey.reason]).toEqual([
      '$.telemetry[0].tls.key',
      `not a PEM private key: ${join(dir, 'client.pem')}`
    ])
    const mismatch = await refusal(write('c.json', telemetry({ cert: 'client.pem', key: 'server.key' })))
    expect(mismatch.jsonPath).toBe('$.telemetry[0].tls.key')
    expect(mismatch.reason).toMatch(/^does not belong to the certificate/)
  })

  it('refuses a key of another type than the certificate (an RSA key beside an EC certificate)', async () => {
    copyFileSync(certs.clientCert, join(dir, 'client.pem'))
    execFileSync('openssl', ['genrsa', '-out', join(dir, 'rsa.key'), '2048'], { stdio: 'ignore' })
    const err = await refusal(write('c.json', telemetry({ cert: 'client.pem', key: 'rsa.key' })))
    expect([err.jsonPath, err.reason]).toEqual([
      '$.telemetry[0].tls.key',
      'does not belong to the certificate in "cert"'
    ])
  })

  it('accepts PEM as editors save it: CRLF line ends, a byte-order mark, bundles with text between', async () => {
    const ca = readFileSync(certs.ca, 'utf8')
    const other = readFileSync(certs.otherCa, 'utf8')
    write('crlf.pem', ca.replace(/\n/g, '\r\n'))
    write('bom.pem', `\ufeff${ca}`)
    write('bundle.pem', `Root one\n${ca}\nsubject=other\n${other}trailing words\n`)
    for (const ca of ['crlf.pem', 'bom.pem', 'bundle.pem']) {
      await expect(loadConfig(write('c.json', telemetry({ ca }))), ca).resolves.toBeDefined()
    }
  })

  it('refuses a client certificate without its key', async () => {
    copyFileSync(certs.clientCert, join(dir, 'client.pem'))
    await expect(loadConfig(write('c.json', telemetry({ cert: 'client.pem' })))).rejects.toThrow(
      /\$\.telemetry\[0\]\.tls\.key/
    )
  })
})

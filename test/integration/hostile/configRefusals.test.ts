/**
 * Issue 7, inputs 2 and 5: configuration files that must be refused at start-up — TLS files that
 * cannot be read safely (a FIFO, /dev/zero, a directory, 2 MB, not PEM) and JSON edge cases
 * (duplicate keys, 5000-deep nesting, too many symbols, a control character). Each run of the
 * real `node out/main/serve.js` must exit with code 2 within a few seconds, printing exactly one
 * line: `<config file>: <JSON path>: <reason>`. A run that blocks, eats memory or starts is
 * stopped by the harness (and fails).
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectOneLineRefusal, hostileUnavailable, runServeExpectingRefusal } from './support/tickwire'

const unavailable = hostileUnavailable()
if (unavailable !== null) console.log(`skipping the hostile-upstream suite: ${unavailable}`)

/** "Within a few seconds": start-up of node and the bundle is well under one. */
const REFUSAL_MS = 5_000

let dir: string
let fileCount = 0

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickwire-hostile-config-'))
})
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** Writes configuration text (exactly as given) to a fresh file; returns its absolute path. */
function configFile(text: string): string {
  const file = join(dir, `config-${++fileCount}.json`)
  writeFileSync(file, text)
  return file
}

const marketEntry = (extra: object = {}) => ({
  id: 'desk',
  adapter: 'json',
  url: 'ws://127.0.0.1:1/feed',
  symbols: ['AAPL'],
  mapping: { symbol: 's', price: 'p' },
  ...extra
})

/** The line after `<file>: `, asserting the prefix. */
async function refusal(file: string): Promise<string> {
  const run = await runServeExpectingRefusal(file)
  const line = expectOneLineRefusal(run)
  expect(run.ms, 'time to refuse (ms)').toBeLessThan(REFUSAL_MS)
  expect(line.startsWith(`${file}: `), `"${line}" names the file`).toBe(true)
  return line.slice(file.length + 2)
}

describe.skipIf(unavailable !== null)('TLS files read blindly are refused at start-up', () => {
  const telemetryWithCa = (ca: string): string =>
    configFile(
      JSON.stringify({
        telemetry: [
          {
            id: 'plant',
            url: 'mqtts://127.0.0.1:1',
            tls: { ca },
            subscriptions: [{ topic: 'plant/#' }]
          }
        ]
      })
    )
  const CA_PATH = '$.telemetry[0].tls.ca: '

  it('a FIFO (reading it would block start-up for ever): not a regular file', async () => {
    const fifo = join(dir, 'ca.fifo')
    execFileSync('mkfifo', [fifo])
    const rest = await refusal(telemetryWithCa(fifo))
    expect(rest.startsWith(CA_PATH), rest).toBe(true)
    expect(rest).toMatch(/regular file/)
  })

  it('/dev/zero (reading it would never end): not a regular file', async () => {
    const rest = await refusal(telemetryWithCa('/dev/zero'))
    expect(rest.startsWith(CA_PATH), rest).toBe(true)
    expect(rest).toMatch(/regular file/)
  })

  it('a directory: not a regular file', async () => {
    const sub = join(dir, 'certs.d')
    mkdirSync(sub)
    const rest = await refusal(telemetryWithCa(sub))
    expect(rest.startsWith(CA_PATH), rest).toBe(true)
    expect(rest).toMatch(/regular file|directory/)
  })

  it('a 2 MB file: larger than 1 MB', async () => {
    const big = join(dir, 'big.pem')
    const block = '-----BEGIN CERTIFICATE-----\n' + 'A'.repeat(64) + '\n-----END CERTIFICATE-----\n'
    writeFileSync(big, block.repeat(Math.ceil((2 * 1024 * 1024) / block.length)))
    const rest = await refusal(telemetryWithCa(big))
    expect(rest.startsWith(CA_PATH), rest).toBe(true)
    expect(rest).toMatch(/larger than|1048576 bytes/)
  })

  it('a file that is not PEM: not a PEM certificate', async () => {
    const notPem = join(dir, 'ca.der')
    writeFileSync(notPem, Buffer.from([0x30, 0x82, 0x01, 0x0a, 0x02, 0x82, 0x01, 0x01, 0x00, 0xc4]))
    const rest = await refusal(telemetryWithCa(notPem))
    expect(rest.startsWith(CA_PATH), rest).toBe(true)
    expect(rest).toMatch(/PEM/)
  })
})

describe.skipIf(unavailable !== null)(
  'configuration edge cases are refused with the file and the JSON path',
  () => {
    it('duplicate keys: refused naming the key', async () => {
      const entry = JSON.stringify(marketEntry())
      const rest = await refusal(configFile(`{"market":[${entry}],"market":[${entry}]}`))
      expect(rest).toMatch(/duplicate/i)
      expect(rest).toMatch(/market/)
    })

    it('a subscribe template nested 5000 deep: refused at its path, not a stack overflow', async () => {
      const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000)
      const entry = JSON.stringify(marketEntry({ subscribe: '__DEEP__' })).replace('"__DEEP__"', deep)
      const rest = await refusal(configFile(JSON.stringify({ market: [] }).replace('[]', `[${entry}]`)))
      expect(rest.startsWith('$.market[0].subscribe'), rest).toBe(true)
      expect(rest).not.toMatch(/call stack/i)
    })

    it('a market entry with 501 symbols: refused at $.market[0].symbols', async () => {
      const symbols = Array.from({ length: 501 }, (_, i) => `S${i}`)
      const rest = await refusal(configFile(JSON.stringify({ market: [marketEntry({ symbols })] })))
      expect(rest.startsWith('$.market[0].symbols: '), rest).toBe(true)
    })

    it('a symbol with a control character: refused at $.market[0].symbols[0]', async () => {
      const rest = await refusal(
        configFile(JSON.stringify({ market: [marketEntry({ symbols: ['AB\u0007C'] })] }))
      )
      expect(rest.startsWith('$.market[0].symbols[0]: '), rest).toBe(true)
    })

    it('a symbol with a bidi override: refused at $.market[0].symbols[1]', async () => {
      const rest = await refusal(
        configFile(JSON.stringify({ market: [marketEntry({ symbols: ['OK', 'AB\u202eCD'] })] }))
      )
      expect(rest.startsWith('$.market[0].symbols[1]: '), rest).toBe(true)
    })
  }
)

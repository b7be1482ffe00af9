import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '@shared/config'

/** The README's example deployment files are real configurations: each one parses as shipped. */
const DIR = resolve(__dirname, '../../../examples/fanout')

describe('examples/fanout', () => {
  for (const name of readdirSync(DIR).filter((f) => f.endsWith('.json'))) {
    it(`${name} is a valid configuration`, () => {
      const config = parseConfig(readFileSync(join(DIR, name), 'utf8'), name, { BROKER_PASSWORD: 'pw' })
      expect(config.market.length + config.telemetry.length).toBeGreaterThan(0)
    })
  }
})

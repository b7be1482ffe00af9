import { describe, expect, it } from 'vitest'
import { parseConfig } from '@shared/config'
import { ConfigError } from '@shared/configError'
import { DEFAULT_UPDATE_SETTINGS } from '@shared/updateConfig'

/** The configuration's `update` section: what it takes, its defaults, and each refusal's path. */

const source = { id: 'desk', adapter: 'binance', symbols: ['BTCUSDT'] }

function withUpdate(update: unknown): string {
  return JSON.stringify({ market: [source], update })
}

function refusal(update: unknown): ConfigError {
  try {
    parseConfig(withUpdate(update), 'desk.json')
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return err as ConfigError
  }
  throw new Error('expected the configuration to be refused')
}

describe('the update section', () => {
  it('is optional, and absent means never check', () => {
    const config = parseConfig(JSON.stringify({ market: [source] }), 'desk.json')
    expect(config.update).toBeUndefined()
    expect(DEFAULT_UPDATE_SETTINGS).toEqual({ channel: 'latest', check: 'never' })
  })

  it('takes a feed, a channel, a schedule and a range, and fills the defaults', () => {
    const full = parseConfig(
      withUpdate({
        url: 'https://updates.example.com/tickwire',
        channel: 'beta',
        check: 'daily',
        allow: '>=1.4.0 <2'
      }),
      'desk.json'
    )
    expect(full.update).toEqual({
      url: 'https://updates.example.com/tickwire',
      channel: 'beta',
      check: 'daily',
      allow: '>=1.4.0 <2'
    })
    const minimal = parseConfig(
      withUpdate({ url: 'https://updates.example.com/', check: 'on-start' }),
      'desk.json'
    )
    expect(minimal.update).toEqual({
      url: 'https://updates.example.com/',
      channel: 'latest',
      check: 'on-start'
    })
    expect(parseConfig(withUpdate({}), 'desk.json').update).toEqual({ channel: 'latest', check: 'never' })
  })

  it('takes http only to this machine (a test feed)', () => {
    for (const url of ['http://127.0.0.1:8080/feed', 'http://localhost:9/']) {
      expect(parseConfig(withUpdate({ url, check: 'daily' }), 'desk.json').update?.url).toBe(url)
    }
  })

  it('refuses http to another host, and other schemes, at $.update.url', () => {
    for (const url of [
      'http://updates.example.com/',
      'http://10.0.0.5/',
      'ftp://updates.example.com/',
      'file:///tmp/x',
      'not a url'
    ]) {
      const err = refusal({ url, check: 'daily' })
      expect(err.message).toBe(
        'desk.json: $.update.url: must be an https:// URL (http:// only to 127.0.0.1 or localhost)'
      )
    }
  })

  it('refuses a URL past the length bound', () => {
    const err = refusal({ url: `https://updates.example.com/${'a'.repeat(2_100)}`, check: 'daily' })
    expect(err.jsonPath).toBe('$.update.url')
  })

  it('refuses an invalid semver range, naming the file and the field', () => {
    for (const allow of ['not a range', '>=1.2.3.4', '^x.y', '']) {
      const err = refusal({ url: 'https://updates.example.com/', check: 'daily', allow })
      expect(err.file).toBe('desk.json')
      expect(err.jsonPath).toBe('$.update.allow')
      expect(err.message).toMatch(/^desk\.json: \$\.update\.allow: /)
    }
    expect(refusal({ allow: 'not a range' }).reason).toMatch(/is not a semver range/)
    expect(refusal({ allow: `^${'1'.repeat(300)}.0.0` }).jsonPath).toBe('$.update.allow')
  })

  it('refuses an unknown field, naming it', () => {
    const err = refusal({ url: 'https://updates.example.com/', check: 'daily', autoInstall: true })
    expect(err.jsonPath).toBe('$.update')
    expect(err.reason).toMatch(/autoInstall/)
  })

  it('refuses a schedule it does not know, and a channel that is not a short identifier', () => {
    expect(refusal({ url: 'https://u.example/', check: 'weekly' }).jsonPath).toBe('$.update.check')
    for (const channel of ['', 'Beta', '../latest', 'a'.repeat(33), 'beta/1', '1beta']) {
      expect(refusal({ url: 'https://u.example/', channel }).jsonPath).toBe('$.update.channel')
    }
  })

  it('refuses checking without a feed', () => {
    const err = refusal({ check: 'on-start' })
    expect(err.jsonPath).toBe('$.update.url')
    expect(err.reason).toMatch(/needs the feed's "url"/)
  })
})

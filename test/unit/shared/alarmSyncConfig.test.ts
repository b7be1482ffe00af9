import { describe, expect, it } from 'vitest'
import { parseConfig } from '@shared/config'
import { consoleNameOf } from '../../../src/main/engine/alarmSync/alarmSyncFeature'

const telemetry = [{ id: 'plant', url: 'mqtt://127.0.0.1:1883', subscriptions: [{ topic: 'plant/#' }] }]
const parse = (alarmSync: unknown) => parseConfig(JSON.stringify({ telemetry, alarmSync }), 'console.json')

function refusal(alarmSync: unknown): string {
  try {
    parse(alarmSync)
  } catch (err) {
    return (err as Error).message
  }
  throw new Error('accepted')
}

describe('the alarmSync section', () => {
  it('is optional, and fills in its defaults', () => {
    expect(parseConfig(JSON.stringify({ telemetry }), 'c.json').alarmSync).toBeUndefined()
    expect(parse({ url: 'mqtt://broker:1883' })).toMatchObject({
      alarmSync: { prefix: 'tickwire/alarms', qos: 1, protocolVersion: 5, keepaliveSec: 30 }
    })
  })

  it('refuses bad fields naming them', () => {
    expect(refusal({ url: 'http://broker' })).toMatch(/alarmSync\.url/)
    expect(refusal({ url: 'mqtt://b', prefix: 'a/#' })).toMatch(/alarmSync\.prefix.*wildcards/)
    expect(refusal({ url: 'mqtt://b', prefix: '/a' })).toMatch(/alarmSync\.prefix/)
    expect(refusal({ url: 'mqtt://b', console: 'desk 3' })).toMatch(/alarmSync\.console.*topic level/)
    expect(refusal({ url: 'mqtt://b', console: 'x'.repeat(65) })).toMatch(/alarmSync\.console/)
    expect(refusal({ url: 'mqtt://b', qos: 2 })).toMatch(/alarmSync\.qos.*0 or 1/)
    expect(refusal({ url: 'mqtt://b', topics: [] })).toMatch(/alarmSync/)
  })

  it('names the console: configured, else the user name, else the host name', () => {
    expect(consoleNameOf({ console: 'desk-3', username: 'u' })).toBe('desk-3')
    expect(consoleNameOf({ username: 'ops-a' })).toBe('ops-a')
    expect(consoleNameOf({ username: 'not valid' })).toMatch(/^[A-Za-z0-9_.-]{1,64}$/)
    expect(consoleNameOf({})).toMatch(/^[A-Za-z0-9_.-]{1,64}$/)
  })
})

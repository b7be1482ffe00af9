import { randomBytes } from 'node:crypto'
import mqtt, { type IClientOptions, type ISubscriptionGrant } from 'mqtt'
import type { TelemetryConfig } from '@shared/config'
import {
  CONNECTION_TEST_TIMEOUT_MS,
  type ConnectionTestVerdict,
  type GrantedSubscription
} from '@shared/connections/connectionTest'
import { MAX_REASON_LENGTH } from '@shared/limits'
import { diagnosticText } from '@shared/visibleText'
import { mqttClientOptions } from '../mqttClientOptions'
import { ProbeRun, type Findings } from './probeRun'

/** After the subscriptions are granted, how long the test listens for topics. */
const LISTEN_MS = 1_500
const MAX_TOPICS = 50

/**
 * Tests a broker with the settings as entered: connect, subscribe, listen briefly, disconnect.
 * It uses its own client id and a clean session without a will, so a test never takes over the
 * running connection's session (a second client with the same id would), nor fires its will.
 * Resolves, never rejects, within the timeout.
 */
export function probeBroker(
  config: TelemetryConfig,
  timeoutMs = CONNECTION_TEST_TIMEOUT_MS
): Promise<ConnectionTestVerdict> {
  const topics = new Set<string>()
  return new Promise<ConnectionTestVerdict>((resolve) => {
    const run = new ProbeRun(resolve)
    run.after(timeoutMs, () => run.fail('ETIMEDOUT', `no answer within ${Math.round(timeoutMs / 1000)} s`))
    let options: IClientOptions
    try {
      options = {
        ...mqttClientOptions(
          { ...config, clean: true, will: undefined, sessionExpirySec: undefined },
          testClientId()
        ),
        connectTimeout: timeoutMs
      }
    } catch (err) {
      run.finish({ result: 'tls', message: diagnosticText((err as Error).message, MAX_REASON_LENGTH) })
      return
    }
    const client = mqtt.connect(config.url, options)
    run.close = () => new Promise<void>((done) => client.end(true, {}, () => done()))
    client.on('error', (err: Error & { code?: string | number }) => run.fail(err.code, err.message))
    client.on('close', () => run.fail(undefined, 'the broker closed the connection'))
    client.on('message', (topic) => {
      if (topics.size < MAX_TOPICS) topics.add(topic)
    })
    client.on('connect', () => {
      const wanted = config.subscriptions.map((s) => ({ topic: s.topic, qos: s.qos }))
      client.subscribe(
        Object.fromEntries(wanted.map((s) => [s.topic, { qos: s.qos }])),
        (err: Error | null, grants?: ISubscriptionGrant[]) => {
          if (err) {
            run.fail((err as Error & { code?: number }).code, `subscribing failed: ${err.message}`)
            return
          }
          const granted = wanted.map((w): GrantedSubscription => {
            const qos = grants?.find((g) => g.topic === w.topic)?.qos
            return { topic: w.topic, qos: qos === 0 || qos === 1 || qos === 2 ? qos : null }
          })
          run.after(LISTEN_MS, () => run.finish(grantedVerdict(granted, [...topics])))
        }
      )
    })
  })
}

function grantedVerdict(granted: GrantedSubscription[], topics: string[]): Findings {
  const refused = granted.filter((g) => g.qos === null)
  const qos = granted.filter((g) => g.qos !== null).map((g) => `QoS ${g.qos}`)
  const heard =
    topics.length === 0 ? 'no message yet' : `${topics.length} topic${topics.length === 1 ? '' : 's'} heard`
  if (refused.length === granted.length) {
    return {
      result: 'auth',
      message: `Connected, but every subscription was refused (not authorized): ${refused.map((g) => g.topic).join(', ')}`,
      granted,
      topics
    }
  }
  const refusedText =
    refused.length === 0 ? '' : `; refused (not authorized): ${refused.map((g) => g.topic).join(', ')}`
  return {
    result: 'ok',
    message: `Connected: ${qos.length} subscription${qos.length === 1 ? '' : 's'} granted (${qos.join(', ')})${refusedText}; ${heard}.`,
    granted,
    topics
  }
}

function testClientId(): string {
  return `tickwire-test-${randomBytes(6).toString('hex')}`
}

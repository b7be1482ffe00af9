import { randomBytes } from 'node:crypto'
import mqtt, { type IClientOptions, type ISubscriptionGrant, type MqttClient } from 'mqtt'
import type { TelemetryConfig } from '@shared/config'
import {
  CONNECTION_TEST_TIMEOUT_MS,
  type ConnectionTestVerdict,
  type GrantedSubscription
} from '@shared/connections/connectionTest'
import { MAX_REASON_LENGTH } from '@shared/limits'
import { diagnosticText } from '@shared/visibleText'
import { mqttClientOptions } from '../mqttClientOptions'
import { failureClass, failureSentence } from './failureClass'

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
  const started = Date.now()
  const topics = new Set<string>()
  return new Promise<ConnectionTestVerdict>((resolve) => {
    let client: MqttClient | null = null
    let done = false
    let listenTimer: NodeJS.Timeout | null = null
    const finish = (verdict: Omit<ConnectionTestVerdict, 'elapsedMs'>): void => {
      if (done) return
      done = true
      clearTimeout(deadline)
      if (listenTimer !== null) clearTimeout(listenTimer)
      const closing = client
      const settle = (): void => resolve({ ...verdict, elapsedMs: Date.now() - started })
      if (closing === null) settle()
      else closing.end(true, {}, settle)
    }
    const fail = (code: string | number | undefined, message: string): void => {
      const detail = diagnosticText(message, MAX_REASON_LENGTH)
      const result = failureClass(code, detail)
      finish({ result, message: failureSentence(result, detail) })
    }
    const deadline = setTimeout(
      () => fail('ETIMEDOUT', `no answer within ${Math.round(timeoutMs / 1000)} s`),
      timeoutMs
    )

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
      finish({ result: 'tls', message: diagnosticText((err as Error).message, MAX_REASON_LENGTH) })
      return
    }
    const c = mqtt.connect(config.url, options)
    client = c
    c.on('error', (err: Error & { code?: string | number }) => fail(err.code, err.message))
    c.on('close', () => {
      if (!done) fail(undefined, 'the broker closed the connection')
    })
    c.on('message', (topic) => {
      if (topics.size < MAX_TOPICS) topics.add(topic)
    })
    c.on('connect', () => {
      const wanted = config.subscriptions.map((s) => ({ topic: s.topic, qos: s.qos }))
      c.subscribe(
        Object.fromEntries(wanted.map((s) => [s.topic, { qos: s.qos }])),
        (err: Error | null, grants?: ISubscriptionGrant[]) => {
          if (err) {
            fail((err as Error & { code?: number }).code, `subscribing failed: ${err.message}`)
            return
          }
          const granted = wanted.map((w): GrantedSubscription => {
            const grant = grants?.find((g) => g.topic === w.topic)
            const qos = grant?.qos
            return { topic: w.topic, qos: qos === 0 || qos === 1 || qos === 2 ? qos : null }
          })
          listenTimer = setTimeout(() => finish(grantedVerdict(granted, [...topics])), LISTEN_MS)
        }
      )
    })
  })
}

function grantedVerdict(
  granted: GrantedSubscription[],
  topics: string[]
): Omit<ConnectionTestVerdict, 'elapsedMs'> {
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

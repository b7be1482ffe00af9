/**
 * The answer to "Test": a connection made with the settings as entered (nothing saved), in words
 * a user understands. `result` is the verdict class the page shows as `data-test-result`.
 */
export const TEST_RESULTS = ['ok', 'auth', 'tls', 'dns', 'refused', 'timeout', 'protocol'] as const
export type TestResult = (typeof TEST_RESULTS)[number]

/** Every test answers within this long. */
export const CONNECTION_TEST_TIMEOUT_MS = 10_000
/** Raw messages kept from a market test, each cut to this many characters. */
export const MAX_TEST_SAMPLES = 20
export const MAX_SAMPLE_LENGTH = 4_096

export interface GrantedSubscription {
  topic: string
  /** The QoS the broker granted, or `null` when it refused the subscription. */
  qos: 0 | 1 | 2 | null
}

export interface ConnectionTestVerdict {
  result: TestResult
  /** One sentence: "Connected: 2 subscriptions granted (QoS 1, QoS 0)." */
  message: string
  elapsedMs: number
  /** Telemetry: what the broker granted per subscription. */
  granted?: GrantedSubscription[]
  /** Telemetry: topics heard during the test (at most 50). */
  topics?: string[]
  /** Market: the exchange's verdict per symbol it answered for. */
  symbols?: { symbol: string; status: 'subscribed' | 'unsubscribed' | 'rejected'; detail: string | null }[]
  /** Market: the first raw text messages received (for picking a JSON mapping). */
  samples?: string[]
  /** Market: ticks the adapter made of them with the settings as entered. */
  ticks?: {
    symbol: string
    last: number | null
    bid: number | null
    ask: number | null
    volume: number | null
    time: number | null
  }[]
  /** Messages the adapter refused, with the last reason. */
  malformed?: { count: number; last: string | null }
}

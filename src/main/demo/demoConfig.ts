import { configSchema, type TickwireConfig } from '@shared/config'
import { EXCHANGE_MAPPING, EXCHANGE_SUBSCRIBE_TEMPLATE } from './exchangeProtocol'
import type { SensorSpec } from './sensorCatalog'

export const DEMO_MARKET_ID = 'demo'
export const DEMO_TELEMETRY_ID = 'plant'

export interface DemoEndpoints {
  exchangeUrl: string
  symbols: readonly string[]
  brokerUrl: string
  sensors: readonly SensorSpec[]
}

/**
 * The configuration that points Tickwire's ordinary sources at the demo servers, exactly as a
 * user's file would, validated by the same schema.
 */
export function buildDemoConfig(endpoints: DemoEndpoints): TickwireConfig {
  return configSchema.parse({
    market: [
      {
        id: DEMO_MARKET_ID,
        adapter: 'json',
        url: endpoints.exchangeUrl,
        symbols: [...endpoints.symbols],
        mapping: { ...EXCHANGE_MAPPING },
        subscribe: { ...EXCHANGE_SUBSCRIBE_TEMPLATE },
        reconnect: { initialDelayMs: 250, maxDelayMs: 5_000 }
      }
    ],
    telemetry: [
      {
        id: DEMO_TELEMETRY_ID,
        url: endpoints.brokerUrl,
        // The embedded aedes 1.x broker speaks MQTT 3.1.1 only.
        protocolVersion: 4,
        subscriptions: [{ topic: 'plant/#', qos: 0 }],
        sensors: endpoints.sensors.map((s) => ({
          topic: s.topic,
          id: s.id,
          label: s.label,
          unit: s.unit,
          valuePath: 'value',
          timePath: 'ts',
          timeUnit: 'ms',
          min: s.min,
          max: s.max,
          warn: s.warn,
          alarm: s.alarm,
          staleAfterMs: s.staleAfterMs
        })),
        reconnect: { initialDelayMs: 250, maxDelayMs: 5_000 }
      }
    ]
  })
}

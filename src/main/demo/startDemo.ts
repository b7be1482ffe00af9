import type { TickwireConfig } from '@shared/config'
import { buildDemoConfig } from './demoConfig'
import { startEmbeddedBroker, type EmbeddedBroker } from './embeddedBroker'
import { startExchange } from './exchangeServer'
import { PLANT_SENSORS } from './sensorCatalog'
import { startSensorSimulator } from './sensorSimulator'

export interface DemoOptions {
  /** Where the demo servers listen; loopback unless told otherwise. */
  host?: string
  /** Aggregate exchange rate in messages per second (bursts go above it). */
  exchangeRatePerSec?: number
}

export interface RunningDemo {
  config: TickwireConfig
  stop(): Promise<void>
}

/**
 * The embedded default: a simulated exchange over a real local WebSocket and simulated plant
 * sensors over a real embedded MQTT broker, both on OS-chosen ports, and the configuration that
 * points Tickwire's ordinary sources at them.
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const host = options.host ?? '127.0.0.1'
  const exchange = await startExchange({ host, ratePerSec: options.exchangeRatePerSec })
  let broker: EmbeddedBroker
  try {
    broker = await startEmbeddedBroker({ host })
  } catch (err) {
    await exchange.stop()
    throw err
  }
  const simulator = startSensorSimulator({ publish: broker.publish })
  const config = buildDemoConfig({
    exchangeUrl: exchange.url,
    symbols: exchange.symbols,
    brokerUrl: broker.url,
    sensors: PLANT_SENSORS
  })

  let stopping: Promise<void> | null = null
  return {
    config,
    stop() {
      stopping ??= (async () => {
        simulator.dispose()
        await Promise.all([exchange.stop(), broker.stop()])
      })()
      return stopping
    }
  }
}

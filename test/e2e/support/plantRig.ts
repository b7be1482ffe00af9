import mqtt, { type MqttClient } from 'mqtt'
import { Mosquitto } from '../../harness/mosquitto'
import { writeConfigDir, type ConfigDir } from './configFile'
import { startServeOn, type ServeProcess } from './serveProcess'

/** A Mosquitto of its own, a publisher on it, and browser mode on `telemetry` subscribed to it. */
export interface PlantRig {
  broker: Mosquitto
  publisher: MqttClient
  serve: ServeProcess
  config: ConfigDir
  /** Stops what it started, in reverse; safe after a partial start. */
  stop(): Promise<void>
}

export async function startPlantRig(
  name: string,
  telemetry: (brokerUrl: string) => unknown[]
): Promise<PlantRig> {
  const broker = await Mosquitto.start()
  const config = writeConfigDir({ telemetry: telemetry(broker.url) })
  let publisher: MqttClient | null = null
  let serve: ServeProcess | null = null
  const stop = async (): Promise<void> => {
    await publisher?.endAsync()
    await serve?.stop()
    await broker.stop()
    config.remove()
  }
  try {
    publisher = await mqtt.connectAsync(broker.url, { clientId: `e2e-${name}-publisher` })
    serve = await startServeOn(config)
    return { broker, publisher, serve, config, stop }
  } catch (err) {
    await stop()
    throw err
  }
}

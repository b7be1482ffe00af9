/**
 * `npm run bench -- sensors`: the gauge board under an MQTT flood, in headless Chromium at
 * 1920×1080. Per case (`SENSOR_DISPLAY_CASES`, default `ws:200:5000,tcp:2000:20000`: transport,
 * sensors, messages a second) a Mosquitto with a WebSocket listener, a paced publisher thread
 * (`{"value":…,"ts":…}` round `plant/area<a>/s<i>`, one sensor per topic) and browser mode
 * subscribed over `mqtt://` or `ws://`; then the same figures as the display benchmark: fps,
 * long tasks, display latency, frames and bytes per frame, the engine's CPU share, first value.
 * `DISPLAY_QUICK=1` reads them at 25 s instead of 70 s (start-up included); `DISPLAY_SERVE_JS` reuses a build.
 * Skipped, with the reason, when there is no Chromium or no Mosquitto. Prints JSON.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from '@playwright/test'
import { Mosquitto, mosquittoUnavailable } from '../test/harness/mosquitto'
import { viewProbe } from './displayProbes'
import { startMqttFlood } from './mqttFlood'
import { buildServe } from './soakServe'
import { measureView } from './viewRun'

const CASES = (process.env.SENSOR_DISPLAY_CASES ?? 'ws:200:5000,tcp:2000:20000').split(',').map((spec) => {
  const [transport, sensors, rate] = spec.split(':')
  if ((transport !== 'ws' && transport !== 'tcp') || !(Number(sensors) > 0) || !(Number(rate) > 0))
    throw new Error(`SENSOR_DISPLAY_CASES: "${spec}" is not <ws|tcp>:<sensors>:<msg/s>`)
  return { transport, sensors: Number(sensors), rate: Number(rate) }
})
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'
const SENSORS_PER_AREA = 50

async function main(): Promise<void> {
  const missing = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM} (set CHROMIUM)` : mosquittoUnavailable()
  if (missing !== null) {
    console.log(JSON.stringify({ benchmark: 'sensors', skipped: missing }))
    return
  }
  const work = await mkdtemp(join(tmpdir(), 'tickwire-sensor-bench-'))
  const serveJs = process.env.DISPLAY_SERVE_JS ?? (await buildServe(join(work, 'out')))
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] })
  const results = []
  try {
    for (const c of CASES) {
      const broker = await Mosquitto.start({ websockets: true })
      try {
        const topics = Array.from(
          { length: c.sensors },
          (_, i) => `plant/area${Math.floor(i / SENSORS_PER_AREA)}/s${i % SENSORS_PER_AREA}`
        )
        const flood = await startMqttFlood({ url: broker.url, rate: c.rate, topics, payload: 'value' })
        try {
          const url = c.transport === 'ws' ? broker.wsUrl : broker.url
          const figures = await measureView({
            browser,
            serveJs,
            work,
            name: `sensors-${c.transport}-${c.sensors}-${c.rate}`,
            config: {
              market: [],
              telemetry: [
                { id: 'plant', url, protocolVersion: 5, subscriptions: [{ topic: 'plant/#', qos: 0 }] }
              ]
            },
            probe: viewProbe('[data-sensor] [data-field="value"]')
          })
          results.push({ transport: c.transport, sensors: c.sensors, ratePerSec: c.rate, tickwire: figures })
        } finally {
          await flood.stop()
        }
      } finally {
        await broker.stop()
      }
    }
  } finally {
    await browser.close()
    await rm(work, { recursive: true, force: true })
  }
  console.log(
    JSON.stringify(
      {
        benchmark: 'sensors',
        viewport: '1920x1080',
        targets: 'gauge board ≥ 58 fps at 2,000 sensors, 20k msg/s; no long tasks over MQTT-over-WebSocket',
        results
      },
      null,
      2
    )
  )
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})

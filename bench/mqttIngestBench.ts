/** `npm run bench -- mqtt`: the MQTT half of `ingest` alone (see mqttIngest.ts). Prints JSON. */
import { ROUNDS } from './ingestRun'
import { mqttIngest } from './mqttIngest'

mqttIngest(ROUNDS)
  .then((result) =>
    console.log(JSON.stringify({ benchmark: 'mqtt-ingest', rounds: ROUNDS, ...result }, null, 2))
  )
  .catch((err: unknown) => {
    console.error(err)
    process.exit(1)
  })

import { z } from 'zod'
import { CONSOLE_NAME_PATTERN } from './alarmSync'
import { mqttConnectionShape } from './configFields'
import { topicPrefix } from './republishConfig'

/**
 * The configuration's optional `alarmSync` section (issue 13): one alarm state across consoles
 * through a broker. Each console publishes its own view of every alarm (raised, acked, cleared,
 * shelved) retained under `<prefix>/state/<console>/…` and merges every other console's (topics,
 * payloads and merge rules: alarmSync.ts). The broker connection takes the same fields as a
 * `telemetry[]` entry.
 */

export { CONSOLE_NAME_PATTERN }

export const consoleName = z
  .string()
  .regex(CONSOLE_NAME_PATTERN, 'must be 1-64 letters, digits, "_", "-" or "." (it is a topic level)')

export const DEFAULT_ALARM_SYNC_PREFIX = 'tickwire/alarms'

export const alarmSyncSchema = z.strictObject({
  ...mqttConnectionShape,
  /** Topics are `<prefix>/state/<console>/<key>/<slot>`, `<prefix>/shelf/<console>/<key>`, `<prefix>/events/<console>`. */
  prefix: topicPrefix.default(DEFAULT_ALARM_SYNC_PREFIX),
  /**
   * This console's name, shown with its acks on the other consoles and the level its topics are
   * published under. Default: the `username` when it is a valid name, else the host name.
   */
  console: consoleName.optional(),
  /** QoS of the state, shelf and event messages: 1 (default) so a state change is not lost in flight. */
  qos: z.union([z.literal(0), z.literal(1)], { error: () => 'must be 0 or 1' }).default(1)
})
export type AlarmSyncSettings = z.infer<typeof alarmSyncSchema>

import { z } from 'zod'
import { MAX_OPERATOR_LENGTH, MAX_SHELVE_MS, MIN_SHELVE_MS } from '../alarms'
import { MAX_SENSOR_KEY_LENGTH, MAX_SYMBOLS_PER_SOURCE, MAX_TOPIC_LENGTH } from '../limits'
import { MAX_PUBLISH_BYTES } from '../publish'
import { symbolProblem } from '../symbolRule'
import { hasInvisible, userTextProblem } from '../visibleText'

/** The argument fields commands share, each with the message a user sees when it is wrong. */

export const sourceIdField = z.string().min(1, 'must name a source').max(64, 'must be at most 64 characters')

export const watchSymbolField = z.string().superRefine((s, ctx) => {
  const problem = symbolProblem(s)
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem })
})

export const watchSymbolsField = z
  .array(watchSymbolField)
  .max(MAX_SYMBOLS_PER_SOURCE, `at most ${MAX_SYMBOLS_PER_SOURCE} symbols per source`)

/** Sensor keys are `<source>/<sensor id>`, where a discovered sensor id is a whole topic path. */
export const sensorKeyField = z
  .string()
  .min(3, 'must be a key like "source/sensor"')
  .max(MAX_SENSOR_KEY_LENGTH, `must be at most ${MAX_SENSOR_KEY_LENGTH} characters`)
  .refine((k) => k.includes('/'), 'must be a key like "source/sensor"')

export const alarmIdField = z.string().min(1, 'must name an alarm').max(128, 'must be at most 128 characters')

/**
 * An operator name as it goes into the alarm journal: 1-64 visible characters, no control or
 * bidirectional-override characters (which could forge or disguise a journal line). Names are
 * self-declared by the view; the journal records what was claimed.
 */
export const operatorField = z
  .string()
  .superRefine((s, ctx) => {
    const problem = userTextProblem(s, MAX_OPERATOR_LENGTH)
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem })
  })
  .transform((s) => s.trim())

export const shelveDurationField = z
  .number()
  .min(MIN_SHELVE_MS, 'must be at least 1 minute')
  .max(MAX_SHELVE_MS, 'must be at most 7 days')

/** A time as epoch milliseconds. */
export const epochMsField = z
  .number()
  .finite('must be epoch milliseconds')
  .min(0, 'must be epoch milliseconds')
  .max(8.64e15, 'must be epoch milliseconds')

/** A topic to publish to: a name, not a filter. */
export const publishTopicField = z
  .string()
  .min(1, 'must name a topic')
  .max(MAX_TOPIC_LENGTH, `must be at most ${MAX_TOPIC_LENGTH} characters`)
  .refine((t) => !/[+#]/.test(t), 'must not hold the wildcards + or #')
  .refine((t) => !hasInvisible(t), 'must not hold control, bidirectional or invisible characters')

const shortText = z.string().max(512, 'must be at most 512 characters')

/** MQTT 5 PUBLISH properties the Publish panel can set. */
export const publishPropertiesField = z.strictObject({
  contentType: shortText.optional(),
  responseTopic: publishTopicField.optional(),
  correlationData: z
    .string()
    .max(512, 'must be at most 256 bytes of hex')
    .regex(/^(?:[0-9a-fA-F]{2})*$/, 'must be hex')
    .optional(),
  userProperties: z
    .record(shortText, shortText)
    .refine((p) => Object.keys(p).length <= 32, 'at most 32 user properties')
    .optional(),
  messageExpiryIntervalSec: z.number().int().min(0).max(4_294_967_295).optional()
})

/** A payload as typed (hex takes two characters a byte). */
export const publishPayloadField = z.string().max(MAX_PUBLISH_BYTES * 3, 'is too large to publish')

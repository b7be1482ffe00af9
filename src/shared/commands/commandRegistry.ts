import { z } from 'zod'
import { formatJsonPath } from '../configError'
import { MAX_REASON_LENGTH, MAX_TOPIC_LENGTH } from '../limits'
import { sensorSettingsEditSchema } from '../sensorSettings'
import { diagnosticText } from '../visibleText'
import { HISTORY_RESOLUTIONS } from '../history'
import { REPLAY_SPEEDS } from '../recording'
import { PUBLISH_ENCODINGS } from '../publish'
import {
  MAX_TOPIC_ROWS,
  MAX_TREE_EXCEPTION_CHARS,
  MAX_TREE_EXCEPTIONS,
  MAX_TREE_NODES,
  TREE_EXPANSIONS
} from '../topics'
import {
  alarmIdField,
  epochMsField,
  operatorField,
  publishPayloadField,
  publishPropertiesField,
  publishTopicField,
  sensorKeyField,
  shelveDurationField,
  sourceIdField,
  watchSymbolsField
} from './commandFields'
import { CONNECTION_COMMANDS } from './connectionCommands'
import { LAYOUT_COMMANDS } from './layoutCommands'
import type { Role } from './roles'

/**
 * Every view → engine command: name → label (what the user reads in a refusal) → the role it
 * needs → the schema of its arguments. The engine's features register one handler per name;
 * what each answers is `CommandResults[name]`.
 */
export interface CommandSpec<A extends z.ZodType = z.ZodType> {
  /** Completes "… refused: why" and "… needs the admin role". */
  readonly label: string
  readonly role: Role
  readonly args: A
}

function command<A extends z.ZodType>(label: string, role: Role, args: A): CommandSpec<A> {
  return { label, role, args }
}

export const COMMANDS = {
  setWatchlist: command(
    'watchlist change',
    'operator',
    z.strictObject({ source: sourceIdField, symbols: watchSymbolsField })
  ),
  ackAlarm: command(
    'alarm acknowledgement',
    'operator',
    z.strictObject({ id: alarmIdField, by: operatorField.optional() })
  ),
  ackAllAlarms: command(
    'acknowledging all alarms',
    'operator',
    z.strictObject({ by: operatorField.optional() })
  ),
  shelve: command(
    'shelving',
    'operator',
    z.strictObject({ key: sensorKeyField, durationMs: shelveDurationField, by: operatorField.optional() })
  ),
  unshelve: command('unshelving', 'operator', z.strictObject({ key: sensorKeyField })),
  setSensorSettings: command(
    'sensor settings change',
    'admin',
    z.strictObject({ key: sensorKeyField, settings: sensorSettingsEditSchema })
  ),
  history: command(
    'history request',
    'viewer',
    z.strictObject({
      key: sensorKeyField,
      from: epochMsField.optional(),
      to: epochMsField.optional(),
      resolution: z.enum(HISTORY_RESOLUTIONS).optional()
    })
  ),
  trades: command('trades request', 'viewer', z.strictObject({ key: sensorKeyField })),
  setRecording: command('recording', 'operator', z.strictObject({ on: z.boolean() })),
  replayControl: command(
    'replay control',
    'operator',
    z.strictObject({ paused: z.boolean().optional(), speed: z.enum(REPLAY_SPEEDS).optional() })
  ),
  publish: command(
    'publishing',
    'admin',
    z.strictObject({
      source: sourceIdField,
      topic: publishTopicField,
      payload: publishPayloadField,
      encoding: z.enum(PUBLISH_ENCODINGS).default('text'),
      qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
      retain: z.boolean().default(false),
      properties: publishPropertiesField.optional(),
      by: operatorField.optional()
    })
  ),
  publishJournal: command('publish journal', 'admin', z.strictObject({})),
  topicTree: command(
    'topic list',
    'viewer',
    z.strictObject({
      source: sourceIdField,
      filter: z.string().max(MAX_TOPIC_LENGTH, `must be at most ${MAX_TOPIC_LENGTH} characters`).default(''),
      expand: z.enum(TREE_EXPANSIONS).default('all'),
      except: z
        .array(z.string().max(MAX_TOPIC_LENGTH))
        .max(MAX_TREE_EXCEPTIONS, `must list at most ${MAX_TREE_EXCEPTIONS} topics`)
        .refine((topics) => topics.reduce((n, t) => n + t.length, 0) <= MAX_TREE_EXCEPTION_CHARS, {
          message: `must hold at most ${MAX_TREE_EXCEPTION_CHARS} characters in all`
        })
        .default([]),
      offset: z.number().int().min(0).max(MAX_TREE_NODES).default(0),
      limit: z.number().int().min(1).max(MAX_TOPIC_ROWS).default(500)
    })
  ),
  topicMessages: command(
    'topic messages',
    'viewer',
    z.strictObject({
      source: sourceIdField,
      topic: z.string().min(1).max(MAX_TOPIC_LENGTH),
      /** The message whose payload is wanted (its \`seq\`); the newest when absent. */
      message: z.number().int().min(1).optional()
    })
  ),
  ...CONNECTION_COMMANDS,
  ...LAYOUT_COMMANDS
} as const

export type CommandName = keyof typeof COMMANDS
/** What a view sends (before defaults and trimming). */
export type CommandArgsInput<N extends CommandName> = z.input<(typeof COMMANDS)[N]['args']>
/** What a handler receives (validated). */
export type CommandArgs<N extends CommandName> = z.output<(typeof COMMANDS)[N]['args']>

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(COMMANDS, name)
}

/** Validates a command's arguments; a refusal names the first bad field (`symbols[2]: …`). */
export function parseCommandArgs<N extends CommandName>(
  name: N,
  args: unknown
): { ok: true; args: CommandArgs<N> } | { ok: false; error: string } {
  const result = (COMMANDS[name].args as z.ZodType).safeParse(args ?? {})
  if (result.success) return { ok: true, args: result.data as CommandArgs<N> }
  const issue = result.error.issues[0]
  const field = formatJsonPath(issue.path).replace(/^\$\.?/, '') || 'arguments'
  return { ok: false, error: diagnosticText(`${field}: ${issue.message}`, MAX_REASON_LENGTH) }
}

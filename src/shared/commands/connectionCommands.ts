import { z } from 'zod'
import { nestsDeeperThan } from '../jsonStructure'
import { MAX_CONFIG_DEPTH } from '../limits'

/** Under the bridge's message bound (256 KB of JSON), so an import is refused, never cut off. */
export const MAX_IMPORT_LENGTH = 200_000
import { sourceIdField } from './commandFields'

/**
 * The Connections view's commands. A connection's `config` is checked by the configuration
 * file's own schema in the engine (one rule for the file and the UI); here only its envelope.
 * `keep` names the secret fields whose stored value stays (the view never had it).
 */
const connectionArgs = {
  kind: z.enum(['market', 'telemetry']),
  config: z
    .record(z.string(), z.unknown())
    .refine((c) => !nestsDeeperThan(c, MAX_CONFIG_DEPTH), `nests deeper than ${MAX_CONFIG_DEPTH} levels`),
  /** The id the connection had before this edit (a rename), when editing. */
  previousId: sourceIdField.optional(),
  keep: z.array(z.string().max(300)).max(64).default([])
}

export const CONNECTION_COMMANDS = {
  listConnections: { label: 'listing connections', role: 'viewer', args: z.strictObject({}) },
  saveConnection: {
    label: 'saving the connection',
    role: 'admin',
    args: z.strictObject({ ...connectionArgs, enabled: z.boolean().default(true) })
  },
  testConnection: { label: 'testing the connection', role: 'admin', args: z.strictObject(connectionArgs) },
  removeConnection: {
    label: 'removing the connection',
    role: 'admin',
    args: z.strictObject({ id: sourceIdField })
  },
  setConnectionEnabled: {
    label: 'switching the connection',
    role: 'admin',
    args: z.strictObject({ id: sourceIdField, enabled: z.boolean() })
  },
  exportConnections: {
    label: 'exporting connections',
    role: 'admin',
    args: z.strictObject({ includeSecrets: z.boolean().default(false) })
  },
  importConnections: {
    label: 'importing connections',
    role: 'admin',
    args: z.strictObject({
      text: z
        .string()
        .max(
          MAX_IMPORT_LENGTH,
          `must be at most ${MAX_IMPORT_LENGTH} characters (import larger files as the configuration file)`
        )
    })
  }
} as const

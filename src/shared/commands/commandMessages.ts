import type { CommandArgsInput, CommandName } from './commandRegistry'
import type { CommandResults } from './commandResults'

/**
 * A command travels as `{ type: "command", id, name, args }` and is answered by exactly one
 * reply echoing its `id`. Ids are the view's own (a counter); the engine only echoes them.
 */
export interface CommandMessage<N extends CommandName = CommandName> {
  type: 'command'
  id: number
  name: N
  args: CommandArgsInput<N>
}

export type ReplyMessage =
  | { type: 'reply'; id: number; ok: true; result: unknown }
  | { type: 'reply'; id: number; ok: false; error: string }

/** What one command's reply resolves to in the view. */
export type CommandResult<N extends CommandName> = CommandResults[N]

/** A command as the engine receives it: the envelope is checked, the arguments not yet. */
export interface ReceivedCommand {
  type: 'command'
  id: number
  name: string
  args: unknown
}

/** Longest command name accepted (the registry's are far shorter). */
const MAX_COMMAND_NAME_LENGTH = 64

export function isRequestId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0
}

/** The envelope, or `null` when it is not a command a reply could answer. */
export function parseCommandEnvelope(m: Record<string, unknown>): ReceivedCommand | null {
  if (!isRequestId(m.id)) return null
  if (typeof m.name !== 'string' || m.name.length === 0 || m.name.length > MAX_COMMAND_NAME_LENGTH)
    return null
  return { type: 'command', id: m.id, name: m.name, args: m.args }
}

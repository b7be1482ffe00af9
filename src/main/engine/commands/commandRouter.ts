import {
  COMMANDS,
  isCommandName,
  parseCommandArgs,
  type CommandArgs,
  type CommandName
} from '@shared/commands/commandRegistry'
import type { CommandResults } from '@shared/commands/commandResults'
import { roleAllows, type Role } from '@shared/commands/roles'
import { toDisposable, type Disposable } from '@shared/disposable'
import { MAX_REASON_LENGTH } from '@shared/limits'
import { diagnosticText } from '@shared/visibleText'

/** Who sent a command. */
export interface CommandContext {
  readonly role: Role
}

export type CommandHandler<N extends CommandName> = (
  args: CommandArgs<N>,
  context: CommandContext
) => CommandResults[N] | Promise<CommandResults[N]>

/** Thrown by a handler to refuse a command: `reason` is what the user reads after "… refused: ". */
export class CommandRefused extends Error {
  override name = 'CommandRefused'
}

/** Refuses with `reason` when there is one (the engine's `string | null` verdicts). */
export function refuseIf(reason: string | null): void {
  if (reason !== null) throw new CommandRefused(reason)
}

export type CommandOutcome = { ok: true; result: unknown } | { ok: false; error: string }

/**
 * The engine's side of the command registry: each feature registers the handlers of its
 * commands; a view session hands every command here and sends back what it returns. Every
 * command gets exactly one outcome: unknown, refused by role, invalid, refused, failed or done.
 */
export class CommandRouter {
  private readonly handlers = new Map<CommandName, CommandHandler<CommandName>>()

  constructor(private readonly fault: (context: string, err: unknown) => void) {}

  register<N extends CommandName>(name: N, handler: CommandHandler<N>): Disposable {
    if (this.handlers.has(name)) throw new Error(`command ${name} already has a handler`)
    this.handlers.set(name, handler as unknown as CommandHandler<CommandName>)
    return toDisposable(() => {
      if (this.handlers.get(name) === (handler as unknown)) this.handlers.delete(name)
    })
  }

  async dispatch(name: string, rawArgs: unknown, context: CommandContext): Promise<CommandOutcome> {
    if (!isCommandName(name)) return { ok: false, error: `unknown command "${diagnosticText(name, 64)}"` }
    const spec = COMMANDS[name]
    if (!roleAllows(context.role, spec.role)) {
      return { ok: false, error: `${spec.label} needs the ${spec.role} role` }
    }
    const handler = this.handlers.get(name)
    if (handler === undefined) return { ok: false, error: `${spec.label} is not available here` }
    const parsed = parseCommandArgs(name, rawArgs)
    if (!parsed.ok) return { ok: false, error: `${spec.label} refused: ${parsed.error}` }
    try {
      const result = await handler(parsed.args, context)
      return { ok: true, result: result ?? null }
    } catch (err) {
      if (err instanceof CommandRefused) {
        return {
          ok: false,
          error: diagnosticText(`${spec.label} refused: ${err.message}`, MAX_REASON_LENGTH)
        }
      }
      // An engine bug behind one command must not take the link (or the process) down.
      this.fault(`command ${name}`, err)
      return { ok: false, error: `${spec.label} failed: internal error (logged)` }
    }
  }
}

import type { CommandArgsInput, CommandName } from '@shared/commands/commandRegistry'
import type { CommandResult } from '@shared/commands/commandMessages'
import { DisposableStore, type Disposable } from '@shared/disposable'
import type { EngineClient } from './engineClient'

/** A command the engine refused or could not answer; `message` is for the user as it stands. */
export class CommandError extends Error {
  override name = 'CommandError'
}

/** Longer than any command takes (a connection test answers within 10 s). */
export const REPLY_TIMEOUT_MS = 30_000

interface Pending {
  resolve(result: unknown): void
  reject(error: CommandError): void
  timer: ReturnType<typeof setTimeout>
}

/**
 * Sends commands and matches each reply to its request by id. A request settles exactly once:
 * with the result, the engine's refusal, a lost connection or a timeout.
 */
export class CommandClient implements Disposable {
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly store = new DisposableStore()

  constructor(
    private readonly client: EngineClient,
    private readonly timeoutMs = REPLY_TIMEOUT_MS
  ) {
    this.store.add(
      client.onMessage((message) => {
        if (message.type !== 'reply') return
        const entry = this.pending.get(message.id)
        if (entry === undefined) return
        this.settle(message.id)
        if (message.ok) entry.resolve(message.result)
        else entry.reject(new CommandError(message.error))
      })
    )
    // A reply cannot cross a reconnect: the engine forgot the request with the old link.
    this.store.add(
      client.onStateChange((state) => {
        if (state !== 'open') this.rejectAll('the connection to the engine was lost before it answered')
      })
    )
  }

  request<N extends CommandName>(name: N, args: CommandArgsInput<N>): Promise<CommandResult<N>> {
    if (this.client.state !== 'open') return Promise.reject(new CommandError('not connected to the engine'))
    const id = this.nextId++
    return new Promise<CommandResult<N>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.settle(id)
        reject(new CommandError(`no answer from the engine in ${Math.round(this.timeoutMs / 1000)} s`))
      }, this.timeoutMs)
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject, timer })
      try {
        this.client.send({ type: 'command', id, name, args })
      } catch (err) {
        this.settle(id)
        reject(
          new CommandError(
            `could not send to the engine (${err instanceof Error ? err.message : String(err)})`
          )
        )
      }
    })
  }

  /** Requests waiting for replies. */
  get waiting(): number {
    return this.pending.size
  }

  dispose(): void {
    this.store.dispose()
    this.rejectAll('the view closed')
  }

  private settle(id: number): void {
    const entry = this.pending.get(id)
    if (entry !== undefined) clearTimeout(entry.timer)
    this.pending.delete(id)
  }

  private rejectAll(reason: string): void {
    const entries = [...this.pending.values()]
    for (const entry of entries) clearTimeout(entry.timer)
    this.pending.clear()
    for (const entry of entries) entry.reject(new CommandError(reason))
  }
}

/** What a store needs to send commands (the app passes `CommandClient.request`). */
export type RequestCommand = <N extends CommandName>(
  name: N,
  args: CommandArgsInput<N>
) => Promise<CommandResult<N>>

/** The message to show for a failed request. */
export function commandErrorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

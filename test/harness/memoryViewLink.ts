import type { Disposable } from '@shared/disposable'
import { toDisposable } from '@shared/disposable'
import type { CommandArgsInput, CommandName } from '@shared/commands/commandRegistry'
import type { ReplyMessage } from '@shared/commands/commandMessages'
import type { EngineLink, EngineMessage, MessageLink, ViewLink, ViewMessage } from '@shared/protocol'

class Endpoint<In, Out> implements MessageLink<In, Out> {
  peer: Endpoint<Out, In> | null = null
  private readonly messageListeners = new Set<(message: In) => void>()
  private readonly closeListeners = new Set<() => void>()
  closed = false

  send(message: Out): void {
    if (this.closed) throw new Error('link closed')
    // Structured clone and a macrotask hop, as a MessagePort does: no shared objects, no re-entrancy.
    const copy = structuredClone(message)
    const peer = this.peer
    setImmediate(() => peer?.deliver(copy))
  }

  deliver(message: In): void {
    if (this.closed) return
    for (const listener of this.messageListeners) listener(message)
  }

  onMessage(listener: (message: In) => void): Disposable {
    this.messageListeners.add(listener)
    return toDisposable(() => this.messageListeners.delete(listener))
  }

  onClose(listener: () => void): Disposable {
    this.closeListeners.add(listener)
    return toDisposable(() => this.closeListeners.delete(listener))
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    for (const listener of this.closeListeners) listener()
    this.peer?.close()
  }
}

/** An in-process link pair standing in for a transport: the engine end and the view end. */
export function createMemoryViewLink(): { engineSide: ViewLink; viewSide: EngineLink } {
  const engineSide = new Endpoint<unknown, EngineMessage>()
  const viewSide = new Endpoint<EngineMessage, ViewMessage>()
  engineSide.peer = viewSide as unknown as Endpoint<EngineMessage, unknown>
  viewSide.peer = engineSide as unknown as Endpoint<ViewMessage, EngineMessage>
  return { engineSide, viewSide }
}

/** Records what the view end receives, for assertions; sends commands and awaits their replies. */
export class RecordingView {
  readonly messages: EngineMessage[] = []
  private nextId = 1
  private readonly waiting = new Map<number, (reply: ReplyMessage) => void>()

  constructor(readonly link: EngineLink) {
    link.onMessage((m) => {
      this.messages.push(m)
      if (m.type === 'reply') {
        this.waiting.get(m.id)?.(m)
        this.waiting.delete(m.id)
      }
    })
  }

  /** Sends a command (arguments unchecked, as a hostile view could) and resolves with its reply. */
  command<N extends CommandName>(name: N, args: CommandArgsInput<N>): Promise<ReplyMessage>
  command(name: string, args: unknown): Promise<ReplyMessage>
  command(name: string, args: unknown): Promise<ReplyMessage> {
    const id = this.nextId++
    const reply = new Promise<ReplyMessage>((resolve) => this.waiting.set(id, resolve))
    this.link.send({ type: 'command', id, name, args } as ViewMessage)
    return reply
  }

  /** The error of a command's reply, or `null` when it succeeded. */
  async refusal(name: string, args: unknown): Promise<string | null> {
    const reply = await this.command(name, args)
    return reply.ok ? null : reply.error
  }

  /** Replies that refused a command, in order. */
  refusals(): string[] {
    return this.ofType('reply').flatMap((r) => (r.ok ? [] : [r.error]))
  }

  ofType<T extends EngineMessage['type']>(type: T): Extract<EngineMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<EngineMessage, { type: T }> => m.type === type)
  }
}

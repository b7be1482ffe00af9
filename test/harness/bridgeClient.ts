import WebSocket from 'ws'
import { expect } from 'vitest'
import type { ReplyMessage } from '@shared/commands/commandMessages'
import type { EngineMessage } from '@shared/protocol'

/** A plain `ws` client on browser mode's bridge, as a script or a hostile page would be. */
export class BridgeClient {
  readonly ws: WebSocket
  private readonly inbox: EngineMessage[] = []
  private readonly waiters: (() => void)[] = []

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.ws = new WebSocket(url, options)
    this.ws.on('message', (data, isBinary) => {
      expect(isBinary).toBe(false)
      this.inbox.push(JSON.parse(data.toString()) as EngineMessage)
      for (const wake of this.waiters.splice(0)) wake()
    })
  }

  opened(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve())
      this.ws.once('error', reject)
    })
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message))
  }

  async next<T extends EngineMessage['type']>(
    type: T,
    timeoutMs = 10_000
  ): Promise<Extract<EngineMessage, { type: T }>> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const index = this.inbox.findIndex((m) => m.type === type)
      if (index >= 0) return this.inbox.splice(index, 1)[0] as Extract<EngineMessage, { type: T }>
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no ${type} message within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  private nextId = 1

  /** Sends a command (arguments unchecked) and resolves with its reply. */
  async command(name: string, args: unknown, timeoutMs = 15_000): Promise<ReplyMessage> {
    const id = this.nextId++
    this.send({ type: 'command', id, name, args })
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const index = this.inbox.findIndex((m) => m.type === 'reply' && m.id === id)
      if (index >= 0) return this.inbox.splice(index, 1)[0] as ReplyMessage
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no reply to ${name} within ${timeoutMs} ms`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve()
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve())
      this.ws.close()
    })
  }
}

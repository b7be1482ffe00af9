import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { LinkState, TransportKind } from '../transport/engineClient'
import { localNow } from '../transport/clockOffset'
import type { Role } from '@shared/commands/roles'

/** The link to the engine: transport, state, demo flag and the measured clock offset. */
export const useConnectionStore = defineStore('connection', () => {
  const transport = ref<TransportKind | null>(null)
  const linkState = ref<LinkState>('connecting')
  /** A `hello` arrived on the current connection (before that, stores hold nothing trustworthy). */
  const ready = ref(false)
  const demo = ref(false)
  const protocol = ref<number | null>(null)
  /** Engine clock minus local clock, ms; `null` until measured. */
  const clockOffsetMs = ref<number | null>(null)
  const clockRttMs = ref<number | null>(null)
  /** The engine runs on this machine: one clock, no offset applied. */
  const clockShared = ref(false)
  const lastError = ref<string | null>(null)
  /** What this view may do, as the engine's hello says (nothing before it). */
  const role = ref<Role>('viewer')

  function setTransport(kind: TransportKind): void {
    transport.value = kind
  }

  function setLinkState(state: LinkState): void {
    linkState.value = state
    if (state !== 'open') ready.value = false
  }

  function helloReceived(hello: { protocol: number; demo: boolean; role?: Role }): void {
    protocol.value = hello.protocol
    demo.value = hello.demo
    // An engine that predates roles lets every view do everything.
    role.value = hello.role ?? 'admin'
    ready.value = true
    lastError.value = null
  }

  function setClock(offset: number, rtt: number, shared: boolean): void {
    clockOffsetMs.value = offset
    clockRttMs.value = rtt
    clockShared.value = shared
  }

  function setError(message: string): void {
    lastError.value = message
  }

  /** Now, in the engine's clock (what `receivedAt` and `paintedAt` are measured in). */
  function engineNow(): number {
    return localNow() + (clockOffsetMs.value ?? 0)
  }

  return {
    role,
    transport,
    linkState,
    ready,
    demo,
    protocol,
    clockOffsetMs,
    clockRttMs,
    clockShared,
    lastError,
    setTransport,
    setLinkState,
    helloReceived,
    setClock,
    setError,
    engineNow
  }
})

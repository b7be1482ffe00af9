import type { EngineClient } from './engineClient'
import { IpcEngineClient } from './ipc.client'
import { bridgeUrl, WsEngineClient } from './ws.client'

/** Desktop when the preload exposed `window.tickwire`, otherwise browser mode over the bridge. */
export function createEngineClient(): EngineClient {
  const bridge = window.tickwire
  if (bridge && typeof bridge.requestPort === 'function') return new IpcEngineClient(bridge)
  return new WsEngineClient({ url: bridgeUrl(window.location) })
}

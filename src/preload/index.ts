import { contextBridge, ipcRenderer } from 'electron'
import {
  IPC_MENU_CHANNEL,
  IPC_PICK_FILE_CHANNEL,
  IPC_PORT_CHANNEL,
  IPC_REQUEST_PORT_CHANNEL,
  IPC_TONE_CHANNEL,
  MENU_COMMANDS,
  type MenuCommand,
  type TickwireBridge
} from '@shared/protocol'

/**
 * Sandboxed preload: the page gets `window.tickwire` and nothing else. The MessagePort from main
 * is forwarded to the page with `window.postMessage` (ports cannot cross the context bridge).
 */

/** Only what the preload uses of the page's window (this file type-checks without the DOM lib). */
declare const window: {
  postMessage(message: unknown, targetOrigin: string, transfer?: readonly unknown[]): void
}

const bridge: TickwireBridge = {
  requestPort: () => ipcRenderer.send(IPC_REQUEST_PORT_CHANNEL),
  pickFile: (title) =>
    ipcRenderer
      .invoke(IPC_PICK_FILE_CHANNEL, title)
      .then((path: unknown) => (typeof path === 'string' ? path : null)),
  onMenuCommand: (listener) => {
    ipcRenderer.on(IPC_MENU_CHANNEL, (_event, command: unknown) => {
      if ((MENU_COMMANDS as readonly unknown[]).includes(command)) listener(command as MenuCommand)
    })
  },
  reportTone: (on) => ipcRenderer.send(IPC_TONE_CHANNEL, on === true),
  platform: process.platform,
  versions: {
    electron: process.versions.electron,
    chrome: process.versions.chrome,
    node: process.versions.node
  }
}

ipcRenderer.on(IPC_PORT_CHANNEL, (event) => {
  // '*': a file:// page has an opaque origin; the page checks `event.source === window`.
  window.postMessage(IPC_PORT_CHANNEL, '*', event.ports)
})

contextBridge.exposeInMainWorld('tickwire', bridge)

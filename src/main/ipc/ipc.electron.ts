import { ipcMain, MessageChannelMain, type IpcMainEvent, type WebContents } from 'electron'
import { DisposableStore, toDisposable, type Disposable } from '@shared/disposable'
import { IPC_PORT_CHANNEL, IPC_REQUEST_PORT_CHANNEL, type ViewLink } from '@shared/protocol'
import { portViewLink } from './messagePortLink'

/** What the transport hands each view to: the engine (`Engine.attachView`). */
export interface ViewHost {
  attachView(link: ViewLink): Disposable
}

export interface IpcTransportOptions {
  host: ViewHost
  /** True when the request comes from the main frame of one of our windows showing our page. */
  isTrustedSender(event: IpcMainEvent): boolean
  /** Told about refused requests, so they are reported rather than silently dropped. */
  onRejected?(reason: string): void
}

/**
 * The Electron adapter of the view transport (DESIGN.md, VS Code's `ipc.electron.ts`). The
 * preload asks for a port; main checks the sender, makes a `MessageChannelMain`, gives the engine
 * one end and the page the other. Frames then flow port-to-port without touching `ipcMain`.
 *
 * One session per webContents: a reload asks again and replaces the old session, which also ends
 * when its port closes or the webContents is destroyed.
 */
export function registerIpcTransport(options: IpcTransportOptions): Disposable {
  const sessions = new Map<number, Disposable>()

  const openSession = (contents: WebContents): void => {
    sessions.get(contents.id)?.dispose()

    const { port1, port2 } = new MessageChannelMain()
    const link = portViewLink(port1)
    const session = new DisposableStore()
    const end = (): void => session.dispose()

    session.add(
      toDisposable(() => {
        if (sessions.get(contents.id) === session) sessions.delete(contents.id)
        link.close()
      })
    )
    session.add(options.host.attachView(link))
    session.add(link.onClose(end))
    contents.once('destroyed', end)
    session.add(toDisposable(() => contents.removeListener('destroyed', end)))
    sessions.set(contents.id, session)

    contents.postMessage(IPC_PORT_CHANNEL, null, [port2])
  }

  const onRequestPort = (event: IpcMainEvent): void => {
    if (!options.isTrustedSender(event)) {
      options.onRejected?.(
        `refused ${IPC_REQUEST_PORT_CHANNEL} from ${event.senderFrame?.url ?? 'a destroyed frame'}`
      )
      return
    }
    openSession(event.sender)
  }

  ipcMain.on(IPC_REQUEST_PORT_CHANNEL, onRequestPort)
  return toDisposable(() => {
    ipcMain.removeListener(IPC_REQUEST_PORT_CHANNEL, onRequestPort)
    for (const session of [...sessions.values()]) session.dispose()
    sessions.clear()
  })
}

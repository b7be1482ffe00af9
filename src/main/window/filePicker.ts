import { dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent, type WebContents } from 'electron'
import type { Disposable } from '@shared/disposable'
import { IPC_PICK_FILE_CHANNEL } from '@shared/protocol'

/**
 * The desktop's "Choose…" for TLS files in the Connections form: a native open dialog, answering
 * the chosen path (the engine reads the file itself, bounded and checked) or `null`. Only our own
 * pages may ask; the dialog belongs to the window that asked.
 */
export function registerFilePicker(
  windowOf: (contents: WebContents) => BrowserWindow | null,
  isTrustedSender: (event: IpcMainInvokeEvent) => boolean
): Disposable {
  ipcMain.handle(IPC_PICK_FILE_CHANNEL, async (event, title: unknown) => {
    if (!isTrustedSender(event)) return null
    const owner = windowOf(event.sender)
    if (owner === null) return null
    const result = await dialog.showOpenDialog(owner, {
      title: typeof title === 'string' ? title.slice(0, 80) : 'Choose a file',
      properties: ['openFile'],
      filters: [
        { name: 'PEM certificates and keys', extensions: ['pem', 'crt', 'cer', 'key'] },
        { name: 'All files', extensions: ['*'] }
      ]
    })
    return result.canceled ? null : (result.filePaths[0] ?? null)
  })
  return { dispose: () => ipcMain.removeHandler(IPC_PICK_FILE_CHANNEL) }
}

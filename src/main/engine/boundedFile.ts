import { constants, fstatSync, openSync, readSync, closeSync, type Stats } from 'node:fs'
import { open } from 'node:fs/promises'

/** Why a file named in the configuration cannot be used; the message is one line for the user. */
export class FileRefusedError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    /** The system's error code when opening failed (`ENOENT`, `EACCES`, …). */
    readonly code?: string
  ) {
    super(`${reason}: ${path}`)
    this.name = 'FileRefusedError'
  }
}

// O_NONBLOCK: opening a FIFO must not wait for a writer (start-up would hang forever). Regular
// files ignore the flag. Windows has neither FIFOs nor the flag.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)

/**
 * Reads a whole regular file of at most `maxBytes`, checking while it reads: a FIFO, a device
 * (`/dev/zero`), a directory or an oversized file is refused before any of it is held in memory.
 * The size is checked on the open descriptor, and reading stops at `maxBytes + 1` in case the
 * file grows meanwhile.
 */
export async function readBoundedFile(path: string, maxBytes: number): Promise<Buffer> {
  let handle
  try {
    handle = await open(path, OPEN_FLAGS)
  } catch (err) {
    throw refusedOpen(path, err)
  }
  try {
    checkStats(path, await handle.stat(), maxBytes)
    const buffer = Buffer.alloc(maxBytes + 1)
    let length = 0
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
    }
    if (length > maxBytes) throw tooLarge(path, maxBytes)
    return buffer.subarray(0, length)
  } finally {
    await handle.close()
  }
}

/** The same checks, synchronously: for a connect that re-reads a file already accepted at load. */
export function readBoundedFileSync(path: string, maxBytes: number): Buffer {
  let fd: number
  try {
    fd = openSync(path, OPEN_FLAGS)
  } catch (err) {
    throw refusedOpen(path, err)
  }
  try {
    checkStats(path, fstatSync(fd), maxBytes)
    const buffer = Buffer.alloc(maxBytes + 1)
    let length = 0
    while (length < buffer.length) {
      const bytesRead = readSync(fd, buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
    }
    if (length > maxBytes) throw tooLarge(path, maxBytes)
    return buffer.subarray(0, length)
  } finally {
    closeSync(fd)
  }
}

function checkStats(path: string, stats: Stats, maxBytes: number): void {
  if (stats.isDirectory()) throw new FileRefusedError(path, 'a directory, not a file')
  if (!stats.isFile()) throw new FileRefusedError(path, 'not a regular file (a FIFO, socket or device)')
  if (stats.size > maxBytes) throw tooLarge(path, maxBytes)
}

function tooLarge(path: string, maxBytes: number): FileRefusedError {
  return new FileRefusedError(path, `larger than ${formatBytes(maxBytes)}`)
}

function refusedOpen(path: string, err: unknown): FileRefusedError {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return new FileRefusedError(path, 'file not found', code)
  if (code === 'EISDIR') return new FileRefusedError(path, 'a directory, not a file', code)
  if (code === 'EACCES' || code === 'EPERM') return new FileRefusedError(path, 'permission denied', code)
  return new FileRefusedError(path, `cannot be read (${code ?? String(err)})`, code)
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MB` : `${bytes} bytes`
}

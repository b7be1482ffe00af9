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
 * The size is checked on the open descriptor, and reading stops past `maxBytes` in case the file
 * grows meanwhile.
 */
export async function readBoundedFile(path: string, maxBytes: number): Promise<Buffer> {
  let handle
  try {
    handle = await open(path, OPEN_FLAGS)
  } catch (err) {
    throw refusedOpen(path, err)
  }
  try {
    const stats = await handle.stat()
    checkStats(path, stats, maxBytes)
    const into = new Accumulator(path, stats.size, maxBytes)
    for (;;) {
      const { bytesRead } = await handle.read(into.buffer, into.length, into.room, into.length)
      if (into.took(bytesRead)) return into.bytes()
    }
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
    const stats = fstatSync(fd)
    checkStats(path, stats, maxBytes)
    const into = new Accumulator(path, stats.size, maxBytes)
    for (;;) {
      if (into.took(readSync(fd, into.buffer, into.length, into.room, into.length))) return into.bytes()
    }
  } finally {
    closeSync(fd)
  }
}

/**
 * The bytes read so far, in a buffer sized for what `stat` said (plus one byte, to notice a file
 * that grew) and grown up to `maxBytes + 1`: a 2 kB certificate costs 2 kB, not the whole cap.
 */
class Accumulator {
  buffer: Buffer
  length = 0

  constructor(
    private readonly path: string,
    size: number,
    private readonly maxBytes: number
  ) {
    this.buffer = Buffer.alloc(Math.min(size, maxBytes) + 1)
  }

  get room(): number {
    return this.buffer.length - this.length
  }

  /** Counts one read; true at end of file. Throws once past `maxBytes`. */
  took(bytesRead: number): boolean {
    if (bytesRead === 0) return true
    this.length += bytesRead
    if (this.length > this.maxBytes) throw tooLarge(this.path, this.maxBytes)
    if (this.length === this.buffer.length) {
      const next = Buffer.alloc(Math.min(this.buffer.length * 2, this.maxBytes + 1))
      this.buffer.copy(next)
      this.buffer = next
    }
    return false
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.length)
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

import type * as Fs from 'node:fs'
import type { MessagePort } from 'node:worker_threads'
import type * as Zlib from 'node:zlib'

/**
 * The recording's writer thread: turns the events the sources hand over into the file's JSON
 * lines, gzips them and writes the files, so the live path only appends to an array (escaping
 * each frame into a JSON string, encoding and compressing cost more than the engine's own work
 * per message). What goes in a file is said in `recordingFormat.ts`.
 *
 * `recordingWriterThread` runs in a worker started from its own source text (see
 * `recordingWriter.ts`): it must not use anything from outside its body, only its parameters.
 */

/** One batch's events, flattened: each starts with its kind, then that kind's fields. */
export type WriterItems = (number | string)[]

/** A text frame given to the adapter: kind, t, source, text. */
export const TEXT_EVENT = 0
/** A text frame the adapter never saw (kept as a count): kind, t, source. */
export const UNDELIVERED_EVENT = 1
/** An MQTT message: kind, t, source, topic, payload (UTF-8 text, or base64), flags. */
export const MQTT_EVENT = 2
/** Any other event, already a whole line: kind, line. */
export const LINE_EVENT = 3
/** MQTT flags: the payload is base64 (not UTF-8); retained; the QoS above those two bits. */
export const MQTT_BASE64 = 1
export const MQTT_RETAIN = 2
export const MQTT_QOS_SHIFT = 2

export type WriterCommand =
  /** Sources are named by index in the events: `part` is `,"s":"<id>"`. */
  | { op: 'source'; index: number; part: string }
  /** Ends the file being written (if any) and starts `path` with `opening` (header and states). */
  | { op: 'open'; path: string; opening: string }
  | { op: 'events'; id: number; items: WriterItems }
  /** Pushes what gzip holds to the file (what a crash would otherwise lose). */
  | { op: 'flush' }
  /** Ends the file; the thread then exits. */
  | { op: 'close' }

export type WriterReport =
  /**
   * The batch is compressed (its memory is free), or `lost` (its file had failed); `bytes` is the
   * size on disk so far of the file it went to, the `file`-th opened.
   */
  | { op: 'done'; id: number; file: number; bytes: number; lost: boolean }
  | { op: 'bytes'; file: number; bytes: number }
  | { op: 'closed'; path: string; bytes: number }
  | { op: 'error'; path: string; message: string }

export function recordingWriterThread(port: MessagePort, fs: typeof Fs, zlib: typeof Zlib): void {
  interface OpenFile {
    path: string
    out: Fs.WriteStream
    gzip: Zlib.Gzip
    serial: number
    failed: boolean
  }
  const parts: string[] = []
  let file: OpenFile | null = null
  let files = 0
  let closing = 0
  let exitWhenClosed = false
  const send = (report: WriterReport): void => port.postMessage(report)

  function open(path: string, opening: string): void {
    const gzip = zlib.createGzip({ level: 1, chunkSize: 128 * 1024 })
    // `wx`: created here or not at all (another process's file of that name is never truncated).
    const out = fs.createWriteStream(path, { mode: 0o600, flags: 'wx' })
    const opened: OpenFile = { path, out, gzip, serial: ++files, failed: false }
    const fail = (err: Error): void => {
      if (opened.failed) return
      opened.failed = true
      send({ op: 'error', path, message: err.message })
      // Nothing more reaches this file: later batches are answered at once, and ending it closes.
      gzip.destroy()
      out.destroy()
    }
    gzip.on('error', fail)
    out.on('error', fail)
    gzip.pipe(out)
    gzip.write(opening)
    file = opened
  }

  function end(ending: OpenFile): void {
    closing++
    const done = (): void => {
      closing--
      send({ op: 'closed', path: ending.path, bytes: ending.out.bytesWritten })
      if (exitWhenClosed && closing === 0) port.close()
    }
    if (ending.out.closed) done()
    else {
      ending.out.once('close', done)
      ending.gzip.end()
    }
  }

  // The kinds are the constants above, as literals (this body cannot see them). Times in whole
  // milliseconds: enough to pace a replay, and an integer is written several times faster.
  function lines(items: WriterItems): string {
    let text = ''
    let i = 0
    while (i < items.length) {
      const kind = items[i]
      if (kind === 3) {
        text += items[i + 1] as string
        i += 2
        continue
      }
      const head = `{"t":${Math.round(items[i + 1] as number)}${parts[items[i + 2] as number] ?? ',"s":""'}`
      if (kind === 0) {
        text += `${head},"x":${JSON.stringify(items[i + 3])}}\n`
        i += 4
      } else if (kind === 1) {
        text += `${head},"x":"","n":1}\n`
        i += 3
      } else {
        const flags = items[i + 5] as number
        const payload =
          flags & 1 ? `"p64":"${items[i + 4] as string}"` : `"p":${JSON.stringify(items[i + 4])}`
        text += `${head},"tp":${JSON.stringify(items[i + 3])},${payload}${flags & 2 ? ',"r":1' : ''},"q":${flags >> 2}}\n`
        i += 6
      }
    }
    return text
  }

  port.on('message', (command: WriterCommand) => {
    switch (command.op) {
      case 'source':
        parts[command.index] = command.part
        return
      case 'open': {
        const previous = file
        open(command.path, command.opening)
        if (previous !== null) end(previous)
        return
      }
      case 'events': {
        const current = file
        if (current === null || current.failed) {
          send({ op: 'done', id: command.id, file: current?.serial ?? files, bytes: 0, lost: true })
          return
        }
        // Answered once gzip has taken it in: the pipe holds gzip back while the disk is behind,
        // so the answers slow down with the disk, and the sources' side drops rather than queues.
        current.gzip.write(lines(command.items), (err) =>
          send({
            op: 'done',
            id: command.id,
            file: current.serial,
            bytes: current.out.bytesWritten,
            lost: err !== null && err !== undefined
          })
        )
        return
      }
      case 'flush': {
        const current = file
        current?.gzip.flush(zlib.constants.Z_SYNC_FLUSH, () =>
          // The flushed bytes reach the file stream after this: report on the next turn.
          setImmediate(() => send({ op: 'bytes', file: current.serial, bytes: current.out.bytesWritten }))
        )
        return
      }
      case 'close': {
        exitWhenClosed = true
        const current = file
        file = null
        if (current !== null) end(current)
        else if (closing === 0) port.close()
        return
      }
    }
  })
}

import { Worker } from 'node:worker_threads'
import {
  recordingWriterThread,
  type WriterCommand,
  type WriterItems,
  type WriterReport
} from './recordingWriterThread'

/**
 * The thread's heap. Batches in flight are bounded (see `Recorder`), but one event may be a
 * 64 MB frame (the largest `maxMessageBytes`) that JSON escaping makes up to six times longer,
 * held twice while its batch's text is built: a cap that still takes that, not an allocation.
 */
const THREAD_HEAP_MB = 1024

export interface RecordingWriterEvents {
  /** A write failure, with the file it hit. */
  failed(path: string, message: string): void
  /** A file was ended and closed: its final compressed size. */
  closed(path: string, bytes: number): void
  /** Events that never reached a file (it had failed, or the thread died with them). */
  lost(events: number): void
  /** The thread ended without being closed (it crashed): nothing more can be written through it. */
  exited(): void
}

/**
 * The sources' side of the writer thread (`recordingWriterThread.ts`): posts batches to it and
 * knows how much is still in flight, so the recorder can drop instead of queueing without bound.
 */
export class RecordingWriter {
  private readonly worker: Worker
  private nextId = 0
  /** Batches posted and not yet answered: their characters and events. */
  private readonly pending = new Map<number, { chars: number; events: number }>()
  private closedAll: Promise<void> | null = null
  private exited = false
  /** Characters posted and not yet compressed. */
  inFlightChars = 0
  /** The current file's compressed size on disk, as last reported. */
  fileBytes = 0
  /** Files opened: the thread numbers them the same way, so a late report of an ended one is told apart. */
  private opened = 0

  constructor(private readonly events: RecordingWriterEvents) {
    // Started from its own source text: no separate file to build, find and ship with each bundle.
    // A transpiler that keeps function names (esbuild's keepNames, as tsx runs it) wraps inner
    // functions in its `__name` helper, which the thread does not have: given here as a no-op.
    const source =
      `const __name = (fn) => fn;\nconst threads = require('node:worker_threads');\n` +
      `(${recordingWriterThread.toString()})(threads.parentPort, require('node:fs'), require('node:zlib'))`
    this.worker = new Worker(source, {
      eval: true,
      resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB }
    })
    this.worker.on('message', (report: WriterReport) => this.onReport(report))
    this.worker.on('error', (err) => this.events.failed('(recording writer)', err.message))
    this.worker.once('exit', () => {
      this.exited = true
      let lost = 0
      for (const batch of this.pending.values()) lost += batch.events
      this.pending.clear()
      this.inFlightChars = 0
      if (lost > 0) this.events.lost(lost)
      if (this.closedAll === null) this.events.exited()
    })
  }

  /** False once the thread has gone (it failed): nothing more can be written. */
  get alive(): boolean {
    return !this.exited
  }

  source(index: number, part: string): void {
    this.post({ op: 'source', index, part })
  }

  open(path: string, opening: string): void {
    this.fileBytes = 0
    this.opened++
    this.post({ op: 'open', path, opening })
  }

  write(items: WriterItems, chars: number, events: number): void {
    const id = this.nextId++
    this.pending.set(id, { chars, events })
    this.inFlightChars += chars
    this.post({ op: 'events', id, items })
  }

  flush(): void {
    this.post({ op: 'flush' })
  }

  /** Ends the file and the thread; resolves once the file is closed on disk. */
  close(): Promise<void> {
    this.closedAll ??= new Promise<void>((done) => {
      if (this.exited) return done()
      this.worker.once('exit', () => done())
      this.post({ op: 'close' })
    })
    return this.closedAll
  }

  private post(command: WriterCommand): void {
    if (!this.exited) this.worker.postMessage(command)
  }

  private noteBytes(file: number, bytes: number): void {
    if (file === this.opened) this.fileBytes = Math.max(this.fileBytes, bytes)
  }

  private onReport(report: WriterReport): void {
    switch (report.op) {
      case 'done': {
        const batch = this.pending.get(report.id)
        this.pending.delete(report.id)
        if (batch === undefined) return
        this.inFlightChars -= batch.chars
        if (report.lost) this.events.lost(batch.events)
        this.noteBytes(report.file, report.bytes)
        return
      }
      case 'bytes':
        this.noteBytes(report.file, report.bytes)
        return
      case 'closed':
        // Once closing, the file closed is the last one: its bytes now count as closed, not current.
        if (this.closedAll !== null) this.fileBytes = 0
        this.events.closed(report.path, report.bytes)
        return
      case 'error':
        this.events.failed(report.path, report.message)
        return
    }
  }
}

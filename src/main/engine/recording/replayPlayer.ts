import { createReadStream } from 'node:fs'
import { performance } from 'node:perf_hooks'
import { createGunzip } from 'node:zlib'
import { toDisposable, type Disposable } from '@shared/disposable'
import type { ReplaySpeed, ReplayStatus } from '@shared/recording'
import type { RecordedEvent, RecordingHeader } from './recordingFormat'
import { eventTimeBounds, maxLineFor, parseEvent, parseHeader, RecordingReader } from './recordingReader'

/** A replayed source: takes its own events, in order. */
export interface ReplayTarget {
  play(event: RecordedEvent): void
}

const FACTORS: Readonly<Record<ReplaySpeed, number>> = { '1': 1, '10': 10, '100': 100, max: Infinity }
/** Longest silence a paced replay waits out; a longer one is played as a second. */
const MAX_PACED_SILENCE_MS = 3_600_000
/** Events (and characters of them) read ahead of the clock; past either the file waits. */
const READ_AHEAD = 20_000
const READ_AHEAD_CHARS = 64 * 1024 * 1024
/** At `max`, events per turn of the event loop, so timers, views and the engine's own work still run. */
const BATCH = 2_000
/** The longest a configuration header may be. */
const MAX_HEADER_CHARS = 4 * 1024 * 1024

/** Reads just the first line: what the recording is and the configuration it ran with. */
export function readRecordingHeader(file: string): Promise<RecordingHeader> {
  return new Promise((resolve, reject) => {
    const gunzip = createGunzip()
    const input = createReadStream(file)
    let text = ''
    let settled = false
    const finish = (line: string | undefined): void => {
      if (settled) return
      settled = true
      input.destroy()
      gunzip.destroy()
      try {
        resolve(parseHeader(file, line))
      } catch (err) {
        reject(err as Error)
      }
    }
    input.on('error', (err) => {
      if (settled) return
      settled = true
      reject(new Error(`cannot read the recording ${file}: ${err.message}`))
    })
    gunzip.on('error', () => finish(text.includes('\n') ? text.slice(0, text.indexOf('\n')) : undefined))
    gunzip.setEncoding('utf8')
    gunzip.on('data', (chunk: string) => {
      text += chunk
      const nl = text.indexOf('\n')
      if (nl !== -1) finish(text.slice(0, nl))
      else if (text.length > MAX_HEADER_CHARS) finish(undefined)
    })
    gunzip.on('end', () => finish(text))
    input.pipe(gunzip)
  })
}

/**
 * Plays a recording at its recorded pace (times `speed`) or as fast as the engine takes it, to
 * the replayed sources by id; pauses, changes speed and loops. Reads ahead a bounded number of
 * events; at `max` it yields to the event loop every few thousand events.
 */
export class ReplayPlayer {
  private readonly targets = new Map<string, ReplayTarget>()
  private queue: RecordedEvent[] = []
  private queuedChars = 0
  private head = 0
  /** Events played in the current pass (a loop over a file with none stops). */
  private playedThisPass = 0
  /** Passes over the file begun: 1 for the first, one more at each loop. */
  private passes = 0
  private reader: RecordingReader | null = null
  private ended = false
  private done = false
  private stopped = false
  private paused = false
  private started = false
  private timer: NodeJS.Timeout | null = null
  private immediate: NodeJS.Immediate | null = null
  private anchorWall = 0
  private anchorRecorded = Number.NaN
  private firstTime: number | null = null
  private lastTime: number | null = null
  private played = 0
  private skippedLines = 0
  private sawHeader = false

  private readonly bounds: { min: number; max: number }

  constructor(
    readonly file: string,
    private speed: ReplaySpeed,
    private readonly loop: boolean,
    header: RecordingHeader
  ) {
    this.bounds = eventTimeBounds(header.startedAt)
    this.maxLine = maxLineFor(header.config)
  }

  private readonly maxLine: number

  /** The recorded time of the event being played (the last played between events); `null` before the first. */
  get recordedNow(): number | null {
    return this.lastTime
  }

  /** Which pass over the recording is playing (1 the first; a `--loop` adds one each time round). */
  get pass(): number {
    return this.passes
  }

  /** A replayed source joins: its events from now on go to it. */
  attach(source: string, target: ReplayTarget): Disposable {
    this.targets.set(source, target)
    return toDisposable(() => {
      if (this.targets.get(source) === target) this.targets.delete(source)
    })
  }

  /** Starts reading and playing (after the engine and its sources started). */
  start(): void {
    if (this.started || this.stopped) return
    this.started = true
    this.read()
  }

  pause(): void {
    this.paused = true
    this.clearTimers()
  }

  resume(): void {
    if (!this.paused) return
    this.paused = false
    this.anchorRecorded = Number.NaN
    this.schedule(0)
  }

  setSpeed(speed: ReplaySpeed): void {
    this.speed = speed
    // The clock restarts from where the recording is, at the new pace.
    this.anchorRecorded = Number.NaN
    this.clearTimers()
    this.schedule(0)
  }

  status(): ReplayStatus {
    return {
      file: this.file,
      speed: this.speed,
      position:
        this.firstTime === null || this.lastTime === null ? 0 : Math.round(this.lastTime - this.firstTime),
      recordedAt: this.lastTime,
      paused: this.paused,
      loop: this.loop,
      done: this.done,
      events: this.played,
      skipped: this.skippedLines + (this.reader?.skipped ?? 0)
    }
  }

  stop(): void {
    this.stopped = true
    this.clearTimers()
    this.reader?.close()
    this.targets.clear()
  }

  private read(): void {
    const reader = new RecordingReader(this.file, this.maxLine)
    this.reader = reader
    this.ended = false
    this.sawHeader = false
    this.playedThisPass = 0
    this.passes++
    void reader
      .run((line) => this.line(line))
      .then(() => {
        if (this.reader !== reader) return
        this.ended = true
        this.schedule(0)
      })
  }

  private line(text: string): void {
    if (!this.sawHeader) {
      // Checked once before the replay started (it built the sources from it).
      this.sawHeader = true
      return
    }
    const event = parseEvent(text, this.bounds)
    if (event === null) {
      this.skippedLines++
      return
    }
    this.queue.push(event)
    this.queuedChars += text.length
    if (this.queue.length - this.head > READ_AHEAD || this.queuedChars > READ_AHEAD_CHARS)
      this.reader?.pause()
    this.schedule(0)
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.paused || this.timer !== null || this.immediate !== null) return
    if (delayMs <= 0) this.immediate = setImmediate(this.pump)
    else this.timer = setTimeout(this.pump, delayMs)
  }

  private readonly pump = (): void => {
    this.timer = null
    this.immediate = null
    if (this.stopped || this.paused) return
    const factor = FACTORS[this.speed]
    const now = performance.now()
    let budget = BATCH
    while (this.head < this.queue.length) {
      const event = this.queue[this.head]
      if (Number.isNaN(this.anchorRecorded)) {
        this.anchorRecorded = event.t
        this.anchorWall = now
      }
      if (factor !== Infinity) {
        // A silence of over an hour in the recording (or a crafted time far ahead) is played as
        // one second: the replay goes on instead of waiting for it.
        const previous = this.lastTime ?? event.t
        if (event.t - previous > MAX_PACED_SILENCE_MS && this.anchorRecorded !== event.t) {
          this.anchorRecorded = event.t
          this.anchorWall = now + 1_000
        }
        const due = this.anchorWall + (event.t - this.anchorRecorded) / factor
        if (due > now) {
          this.schedule(Math.min(1_000, due - now))
          return
        }
      }
      this.head++
      this.playedThisPass++
      this.firstTime ??= event.t
      this.lastTime = event.t
      this.played++
      const target = this.targets.get(event.s)
      // An event of a source the recording's configuration does not have: counted, not played.
      if (target === undefined) this.skippedLines++
      else target.play(event)
      if (--budget === 0) {
        this.schedule(0)
        return
      }
    }
    this.queue = []
    this.queuedChars = 0
    this.head = 0
    if (!this.ended) {
      this.reader?.resume()
      return
    }
    // A pass that played nothing (an empty or vanished file) would loop as fast as it can read.
    if (this.loop && this.playedThisPass > 0) {
      this.anchorRecorded = Number.NaN
      this.read()
      return
    }
    this.done = true
  }

  private clearTimers(): void {
    if (this.timer !== null) clearTimeout(this.timer)
    if (this.immediate !== null) clearImmediate(this.immediate)
    this.timer = null
    this.immediate = null
  }
}

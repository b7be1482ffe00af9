/** Record and replay, as `/api/stats` and the status bar report them. */

/** `/api/stats` → `recording`. */
export interface RecordingStatus {
  active: boolean
  dir: string | null
  /** The file being written. */
  file: string | null
  /** Epoch ms the recording started; `null` when not recording. */
  since: number | null
  /** Compressed bytes written so far. */
  bytes: number
  /** Events recorded (messages and connection changes). */
  messages: number
  /** Events lost because the disk could not keep up. */
  dropped: number
  lastError: string | null
}

export const REPLAY_SPEEDS = ['1', '10', '100', 'max'] as const
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number]

/** `/api/stats` → `replay`: present only while a recording is replayed. */
export interface ReplayStatus {
  file: string
  speed: ReplaySpeed
  /** How far into the recording, in recorded milliseconds since its first event. */
  position: number
  /** The recorded time at that position (epoch ms), `null` before the first event. */
  recordedAt: number | null
  paused: boolean
  loop: boolean
  /** The whole recording has been played (and `loop` is off). */
  done: boolean
  /** Events played, and lines that could not be read (counted, skipped). */
  events: number
  skipped: number
}

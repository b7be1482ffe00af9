import { readdirSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { RecordingHeader } from '../engine/recording/recordingFormat'
import { systemAlarmClock } from '../engine/alarms/alarmEngineOptions'
import type { Engine, EngineOptions } from '../engine/engine'
import { publicConfig } from '../engine/recording/publicConfig'
import { Recorder } from '../engine/recording/recorder'
import { registerRecordingCommands, registerReplayCommands } from '../engine/recording/recordingCommands'
import { ReplayPlayer } from '../engine/recording/replayPlayer'
import { replaySourceFactory } from '../engine/recording/replaySources'
import type { ReplaySpeed } from '@shared/recording'

/** Where recordings go when neither `--record DIR` nor anything else says: in the state directory. */
export const RECORDINGS_DIR = 'recordings'

/** Recording (live) or replaying (a recording) around one engine. */
export interface SessionRecording {
  readonly engineOptions: Pick<EngineOptions, 'sourceFactory' | 'tapFor' | 'sessionStats' | 'alarmClock'>
  /** A replay: the recorded time history is stamped with. */
  readonly recordedTime?: () => number | null
  /** A replay: which pass over the recording plays (its history starts over at each). */
  readonly recordedPass?: () => number
  /** Registers the commands and starts what the command line asked for (after the engine started). */
  start(engine: Engine): void
  stop(): Promise<void>
}

/** A live session: the Record button and `--record DIR`. */
export function liveRecording(options: {
  stateDir: string | null
  record: string | null
  report: (problem: string) => void
}): SessionRecording {
  let engine: Engine | null = null
  const recorder = new Recorder({
    publicConfig: () =>
      engine === null
        ? { market: [], telemetry: [] }
        : publicConfig(engine.sourceConfig(), engine.watchlists()),
    sourceStates: () => engine?.stats().sources.map(({ id, state }) => ({ id, state })) ?? [],
    report: options.report
  })
  const dir = options.record ?? (options.stateDir === null ? null : join(options.stateDir, RECORDINGS_DIR))
  return {
    engineOptions: {
      tapFor: (id) => recorder.tapFor(id),
      sessionStats: () => ({ recording: recorder.status() })
    },
    start(running) {
      engine = running
      if (dir !== null) registerRecordingCommands(running.commands, recorder, dir)
      if (options.record !== null) {
        const problem = recorder.start(options.record)
        if (problem !== null) options.report(`cannot record: ${problem}`)
      }
    },
    stop: () => recorder.stop()
  }
}

/** A replay: sources fed from the recording, nothing connected, nothing recorded. */
export function replaySession(
  replay: { file: string; speed: ReplaySpeed; loop: boolean },
  header: RecordingHeader
): SessionRecording {
  const player = new ReplayPlayer(replay.file, replay.speed, replay.loop, header)
  return {
    engineOptions: {
      sourceFactory: replaySourceFactory(player),
      sessionStats: () => ({ replay: player.status() }),
      // A replay's alarms are raised, cleared and acked at the recorded times, like its history,
      // so the chart's markers sit on the values that caused them (timers still count wall time).
      alarmClock: {
        now: () => Math.round(player.recordedNow ?? header.startedAt),
        setTimer: (callback, delayMs) => systemAlarmClock.setTimer(callback, delayMs)
      }
    },
    recordedTime: () => player.recordedNow,
    recordedPass: () => player.pass,
    start(engine) {
      registerReplayCommands(engine.commands, player)
      player.start()
    },
    stop: async () => player.stop()
  }
}

/**
 * A replay keeps its own state (alarm journal, history, watchlists) beside the live one, never
 * in it: `<state dir>/replays/<recording name>`.
 */
export function replayStateDir(stateDir: string, file: string): string {
  const name = basename(file)
    .replace(/\.ndjson\.gz$/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
  // "." and ".." would be the replays folder or the live state directory itself.
  return join(stateDir, 'replays', /^\.*$/.test(name) ? 'recording' : name)
}

/**
 * Empties a replay's state directory (its lock kept): each replay starts from the recording alone,
 * not from the alarms and history a previous replay of it left.
 */
export function clearReplayState(dir: string, keep: string): void {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) if (name !== keep) rmSync(join(dir, name), { recursive: true, force: true })
}

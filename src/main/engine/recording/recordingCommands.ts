import type { Disposable } from '@shared/disposable'
import { DisposableStore } from '@shared/disposable'
import { refuseIf, type CommandRouter } from '../commands/commandRouter'
import type { Recorder } from './recorder'
import type { ReplayPlayer } from './replayPlayer'

/** The Record button: starts recording into `dir`, or stops. */
export function registerRecordingCommands(
  router: CommandRouter,
  recorder: Recorder,
  dir: string
): Disposable {
  return router.register('setRecording', async ({ on }) => {
    if (on) refuseIf(recorder.start(dir))
    else await recorder.stop()
    return recorder.status()
  })
}

/** Pause, resume and speed of a replay. */
export function registerReplayCommands(router: CommandRouter, player: ReplayPlayer): Disposable {
  const store = new DisposableStore()
  store.add(
    router.register('replayControl', ({ paused, speed }) => {
      if (speed !== undefined) player.setSpeed(speed)
      if (paused === true) player.pause()
      if (paused === false) player.resume()
      return player.status()
    })
  )
  return store
}

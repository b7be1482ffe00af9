import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ReplaySpeed } from '@shared/recording'
import { commandErrorText, type RequestCommand } from '../transport/commandClient'

/** The Record button and the replay controls: what they ask the engine, and its refusals. */
export const useRecordingStore = defineStore('recording', () => {
  const busy = ref(false)
  const error = ref<string | null>(null)
  let request: RequestCommand | null = null

  function connect(requestCommand: RequestCommand): void {
    request = requestCommand
  }

  async function run(action: (ask: RequestCommand) => Promise<unknown>): Promise<void> {
    if (request === null) {
      error.value = 'Not connected to the engine'
      return
    }
    busy.value = true
    error.value = null
    try {
      await action(request)
    } catch (err) {
      error.value = commandErrorText(err)
    } finally {
      busy.value = false
    }
  }

  const setRecording = (on: boolean): Promise<void> => run((ask) => ask('setRecording', { on }))
  const setPaused = (paused: boolean): Promise<void> => run((ask) => ask('replayControl', { paused }))
  const setSpeed = (speed: ReplaySpeed): Promise<void> => run((ask) => ask('replayControl', { speed }))

  return { busy, error, connect, setRecording, setPaused, setSpeed }
})

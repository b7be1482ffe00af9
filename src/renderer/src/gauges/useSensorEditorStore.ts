import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { SensorSettingsEdit } from '@shared/sensorSettings'

/** How long after a save an engine `error` is taken as the answer to it. */
const REPLY_WINDOW_MS = 5_000

/** Which sensor the editor shows, and what the engine said about the last save. */
export const useSensorEditorStore = defineStore('sensor-editor', () => {
  const key = ref<string | null>(null)
  const engineError = ref<string | null>(null)
  const savedAt = ref<number | null>(null)
  let sender: ((key: string, settings: SensorSettingsEdit) => void) | null = null

  function connect(send: (key: string, settings: SensorSettingsEdit) => void): void {
    sender = send
  }

  function open(sensorKey: string): void {
    key.value = sensorKey
    engineError.value = null
    savedAt.value = null
  }

  function close(): void {
    key.value = null
    engineError.value = null
  }

  /** Returns false when not connected (nothing sent). */
  function save(sensorKey: string, settings: SensorSettingsEdit): boolean {
    if (sender === null) {
      engineError.value = 'Not connected to the engine'
      return false
    }
    engineError.value = null
    savedAt.value = Date.now()
    sender(sensorKey, settings)
    return true
  }

  /** An engine `error`: shown in the editor when it follows a save closely. */
  function engineReplied(message: string): void {
    if (key.value !== null && savedAt.value !== null && Date.now() - savedAt.value < REPLY_WINDOW_MS) {
      engineError.value = message
    }
  }

  return { key, engineError, savedAt, connect, open, close, save, engineReplied }
})

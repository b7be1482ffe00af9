import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { SensorSettingsEdit } from '@shared/sensorSettings'
import { commandErrorText, type RequestCommand } from '../transport/commandClient'

/** Which sensor the editor shows, and what the engine answered to the last save. */
export const useSensorEditorStore = defineStore('sensor-editor', () => {
  const key = ref<string | null>(null)
  const engineError = ref<string | null>(null)
  /** "Saving…" while the engine has not answered, then "Saved". */
  const status = ref<string | null>(null)
  let request: RequestCommand | null = null
  /** Only the latest save's answer is shown (an older one may arrive after it). */
  let saveSeq = 0

  function connect(requestCommand: RequestCommand): void {
    request = requestCommand
  }

  function open(sensorKey: string): void {
    key.value = sensorKey
    engineError.value = null
    status.value = null
    saveSeq++
  }

  function close(): void {
    key.value = null
    engineError.value = null
    status.value = null
    saveSeq++
  }

  async function save(sensorKey: string, settings: SensorSettingsEdit): Promise<void> {
    if (request === null) {
      engineError.value = 'Not connected to the engine'
      return
    }
    const seq = ++saveSeq
    engineError.value = null
    status.value = 'Saving…'
    try {
      await request('setSensorSettings', { key: sensorKey, settings })
      if (seq === saveSeq) status.value = 'Saved'
    } catch (err) {
      if (seq !== saveSeq) return
      status.value = null
      engineError.value = commandErrorText(err)
    }
  }

  return { key, engineError, status, connect, open, close, save }
})

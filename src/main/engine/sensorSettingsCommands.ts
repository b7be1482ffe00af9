import type { Disposable } from '@shared/disposable'
import type { SensorSettingsEdit } from '@shared/sensorSettings'
import { refuseIf, type CommandRouter } from './commands/commandRouter'

export interface SensorSettingsSide {
  setSensorSettings(key: string, edit: SensorSettingsEdit): string | null
}

export function registerSensorSettingsCommands(router: CommandRouter, side: SensorSettingsSide): Disposable {
  return router.register('setSensorSettings', ({ key, settings }) => {
    refuseIf(side.setSensorSettings(key, settings))
    return null
  })
}

import type { NamedLayout } from '@shared/layouts'
import type { SourceStats } from '@shared/model'
import type { TickerTable } from '../tickers/tickerTable'
import type { SensorTable } from '../gauges/sensorTable'
import type { PaletteItem } from './paletteSearch'

/** The palette's own commands (beyond jumping to things), by id. */
export const PALETTE_COMMANDS = {
  'ack-all': 'Acknowledge all alarms',
  wall: 'Wall view on or off',
  topics: 'Topics: browse every topic',
  connections: 'Connections…',
  shortcuts: 'Keyboard shortcuts',
  'reset-layout': 'Back to the default layout',
  'theme-system': 'Theme: follow the system',
  'theme-dark': 'Theme: dark',
  'theme-light': 'Theme: light',
  'theme-contrast': 'Theme: high contrast'
} as const
export type PaletteCommand = keyof typeof PALETTE_COMMANDS

/** Commands a kiosk still offers: looking, not arranging. */
const KIOSK_COMMANDS: readonly PaletteCommand[] = ['ack-all', 'shortcuts']

export interface PaletteSources {
  tickers: TickerTable
  sensors: SensorTable
  sources: readonly SourceStats[]
  layouts: readonly NamedLayout[]
  locked: boolean
  canOperate: boolean
}

/** Everything the palette can jump to or do, as items (built when it opens, not per frame). */
export function paletteItems(from: PaletteSources): PaletteItem[] {
  const items: PaletteItem[] = []
  for (const key of from.tickers.order) {
    const row = from.tickers.rows.get(key)
    if (row === undefined) continue
    items.push({
      id: `symbol:${key}`,
      kind: 'symbol',
      label: row.quote.symbol,
      detail: row.quote.source,
      keywords: key
    })
  }
  for (const card of from.sensors.cards.values()) {
    const r = card.reading
    items.push({
      id: `sensor:${r.key}`,
      kind: 'sensor',
      label: r.label,
      detail: r.key,
      keywords: `${r.key} ${r.topic}`
    })
  }
  if (!from.locked) {
    for (const s of from.sources)
      items.push({
        id: `connection:${s.id}`,
        kind: 'connection',
        label: s.id,
        detail: `${s.kind} · ${s.state}`
      })
    for (const l of from.layouts)
      items.push({ id: `layout:${l.name}`, kind: 'layout', label: l.name, detail: 'saved layout' })
  }
  for (const [id, label] of Object.entries(PALETTE_COMMANDS) as [PaletteCommand, string][]) {
    if (from.locked && !KIOSK_COMMANDS.includes(id)) continue
    if (id === 'ack-all' && !from.canOperate) continue
    items.push({ id: `command:${id}`, kind: 'command', label, detail: '' })
  }
  return items
}

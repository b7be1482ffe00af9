import type { Layout, SplitName } from '@shared/layouts'

/**
 * Where a layout puts the workspace's panels: a top row (tickers | gauges) and a bottom row
 * (latency | alarms, or the chart while one is open), each sized by its splitter. A filled
 * window shows its one panel in the row it belongs to, taking the whole height.
 */
export type TopPanel = 'tickers' | 'gauges'
export type BottomPanel = 'latency' | 'alarms'

export interface WorkspacePlan {
  top: TopPanel[]
  /** The bottom row: the chart when one is open, else the panels shown (possibly none). */
  bottom: 'chart' | BottomPanel[]
  /** Flex grow of each part: the splitters' fractions, or 1 where a row or panel is alone. */
  grow: { top: number; bottom: number; tickers: number; gauges: number; latency: number; alarms: number }
  /** The splitters shown (one between each pair of parts that are both on screen). */
  splitters: SplitName[]
}

export function workspacePlan(layout: Layout, chartOpen: boolean): WorkspacePlan {
  const { panels, fill, split } = layout
  const shown = (p: TopPanel | BottomPanel): boolean => (fill === null ? panels[p] : fill === p)
  const top = (['tickers', 'gauges'] as const).filter(shown)
  const bottomPanels = (['latency', 'alarms'] as const).filter(shown)
  const bottom: WorkspacePlan['bottom'] = chartOpen ? 'chart' : bottomPanels
  const bothRows = top.length > 0 && (bottom === 'chart' || bottom.length > 0)
  const splitters: SplitName[] = []
  if (top.length === 2) splitters.push('columns')
  if (bothRows) splitters.push('rows')
  if (bottom !== 'chart' && bottom.length === 2) splitters.push('bottom')
  return {
    top,
    bottom,
    grow: {
      top: bothRows ? 1 - split.rows : 1,
      bottom: bothRows ? split.rows : 1,
      tickers: top.length === 2 ? split.columns : 1,
      gauges: top.length === 2 ? 1 - split.columns : 1,
      latency: bottom !== 'chart' && bottom.length === 2 ? split.bottom : 1,
      alarms: bottom !== 'chart' && bottom.length === 2 ? 1 - split.bottom : 1
    },
    splitters
  }
}

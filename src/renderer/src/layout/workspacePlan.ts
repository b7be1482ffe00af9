import type { Layout, SplitName } from '@shared/layouts'

/**
 * Where a layout puts the workspace's panels: a top row (tickers | gauges) and a bottom row
 * (latency | alarms, or the chart while one is open), each sized by its splitter. A filled
 * window shows its one panel in the row it belongs to, taking the whole height. A top panel with
 * nothing to show because no source of its kind is configured (`unconfigured`) is narrowed to a
 * column beside the other, which takes the row: its hint stays in sight without half the width
 * going to an empty panel; the splitter comes back with the first source.
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
  /** The top panel narrowed to a column (nothing of its kind configured), if any. */
  narrow: TopPanel | null
}

export function workspacePlan(
  layout: Layout,
  chartOpen: boolean,
  unconfigured: ReadonlySet<TopPanel> = new Set()
): WorkspacePlan {
  const { panels, fill, split } = layout
  const shown = (p: TopPanel | BottomPanel): boolean => (fill === null ? panels[p] : fill === p)
  const top = (['tickers', 'gauges'] as const).filter(shown)
  const bottomPanels = (['latency', 'alarms'] as const).filter(shown)
  const bottom: WorkspacePlan['bottom'] = chartOpen ? 'chart' : bottomPanels
  const bothRows = top.length > 0 && (bottom === 'chart' || bottom.length > 0)
  const empty = top.filter((p) => unconfigured.has(p))
  // Only beside a panel that has something: two empty ones keep the layout's split.
  const narrow = top.length === 2 && empty.length === 1 ? empty[0] : null
  const splitters: SplitName[] = []
  if (top.length === 2 && narrow === null) splitters.push('columns')
  if (bothRows) splitters.push('rows')
  if (bottom !== 'chart' && bottom.length === 2) splitters.push('bottom')
  return {
    top,
    bottom,
    grow: {
      top: bothRows ? 1 - split.rows : 1,
      bottom: bothRows ? split.rows : 1,
      tickers: narrow !== null ? (narrow === 'tickers' ? 0 : 1) : top.length === 2 ? split.columns : 1,
      gauges: narrow !== null ? (narrow === 'gauges' ? 0 : 1) : top.length === 2 ? 1 - split.columns : 1,
      latency: bottom !== 'chart' && bottom.length === 2 ? split.bottom : 1,
      alarms: bottom !== 'chart' && bottom.length === 2 ? 1 - split.bottom : 1
    },
    splitters,
    narrow
  }
}

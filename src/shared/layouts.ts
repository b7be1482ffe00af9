import { z } from 'zod'
import { userTextProblem } from './visibleText'

/**
 * A layout: which of the workspace's panels show, how the splitters divide the window, and
 * whether one panel fills it. Saved by name in `layouts.json` (state directory), opened by name
 * with `?layout=<name>` (browser mode) or `--layout NAME` / View › New Window (desktop).
 */

/** The workspace's panels, as named in their `data-panel` hooks. */
export const LAYOUT_PANELS = ['tickers', 'gauges', 'latency', 'alarms'] as const
export type LayoutPanel = (typeof LAYOUT_PANELS)[number]

/** What may fill a window on its own: a panel, or the topic explorer. */
export const FILL_PANELS = [...LAYOUT_PANELS, 'topics'] as const
export type FillPanel = (typeof FILL_PANELS)[number]

export const MAX_LAYOUTS = 50
export const MAX_LAYOUT_NAME_LENGTH = 40

/** Splitter positions as fractions, clamped so no panel can be dragged out of sight. */
export const SPLIT_BOUNDS = {
  /** The tickers' share of the top row's width. */
  columns: { min: 0.2, max: 0.8, default: 0.636 },
  /** The bottom row's share of the workspace height. */
  rows: { min: 0.15, max: 0.7, default: 0.34 },
  /** The latency panel's share of the bottom row's width. */
  bottom: { min: 0.2, max: 0.8, default: 0.5 }
} as const
export type SplitName = keyof typeof SPLIT_BOUNDS

export interface Layout {
  panels: Record<LayoutPanel, boolean>
  /** One panel alone in the window (the others hidden), or `null` for the arrangement above. */
  fill: FillPanel | null
  split: Record<SplitName, number>
}

export interface NamedLayout {
  name: string
  layout: Layout
}

export const DEFAULT_LAYOUT: Layout = {
  panels: { tickers: true, gauges: true, latency: true, alarms: true },
  fill: null,
  split: {
    columns: SPLIT_BOUNDS.columns.default,
    rows: SPLIT_BOUNDS.rows.default,
    bottom: SPLIT_BOUNDS.bottom.default
  }
}

/** A copy that shares nothing (works on Vue's reactive proxies, which structuredClone refuses). */
export function cloneLayout(layout: Layout): Layout {
  return { panels: { ...layout.panels }, fill: layout.fill, split: { ...layout.split } }
}

/** Fractions rounded to 0.1 %: a saved file stays readable, a drag of a pixel is not a change. */
export function clampSplit(name: SplitName, value: number): number {
  const { min, max } = SPLIT_BOUNDS[name]
  if (!Number.isFinite(value)) return SPLIT_BOUNDS[name].default
  return Math.round(Math.min(max, Math.max(min, value)) * 1000) / 1000
}

/** Why a layout name is refused, or `null`: 1-40 visible characters, no control or bidi codes. */
export function layoutNameProblem(name: string): string | null {
  if (name.trim() !== name) return 'must not start or end with a space'
  return userTextProblem(name, MAX_LAYOUT_NAME_LENGTH)
}

export const layoutNameField = z.string().superRefine((s, ctx) => {
  const problem = layoutNameProblem(s)
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem })
})

const fraction = (name: SplitName) =>
  z
    .number()
    .min(SPLIT_BOUNDS[name].min, `must be at least ${SPLIT_BOUNDS[name].min}`)
    .max(SPLIT_BOUNDS[name].max, `must be at most ${SPLIT_BOUNDS[name].max}`)
    .transform((v) => clampSplit(name, v))

export const layoutSchema = z
  .strictObject({
    panels: z.strictObject({
      tickers: z.boolean(),
      gauges: z.boolean(),
      latency: z.boolean(),
      alarms: z.boolean()
    }),
    fill: z.enum(FILL_PANELS).nullable(),
    split: z.strictObject({
      columns: fraction('columns'),
      rows: fraction('rows'),
      bottom: fraction('bottom')
    })
  })
  .refine((l) => l.fill !== null || LAYOUT_PANELS.some((p) => l.panels[p]), {
    message: 'must show at least one panel'
  })

/** A layout read from anywhere (a file, local storage, a view): the layout, or why it is refused. */
export function parseLayout(raw: unknown): Layout | string {
  const result = layoutSchema.safeParse(raw)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = issue.path.join('.')
  return `${path === '' ? 'layout' : path}: ${issue.message}`
}

/** The panels a window shows under `layout`, in workspace order. */
export function visiblePanels(layout: Layout): FillPanel[] {
  if (layout.fill !== null) return [layout.fill]
  return LAYOUT_PANELS.filter((p) => layout.panels[p])
}

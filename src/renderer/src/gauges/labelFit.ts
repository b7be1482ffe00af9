/**
 * A compact gauge's label is one line: rather than cut it off ("Mains volta…"), it is set a
 * little smaller until it fits the card, down to a size still readable at a glance; only below
 * that is it cut. Text is measured once per label on a canvas (no layout), and cached.
 */
export const LABEL_FONT = { min: 9, max: 13 } as const
const MEASURE_PX = 100
const CACHE_LIMIT = 5_000

/** The largest whole font size (px) at which text `widthAt100px` wide at 100 px fits `available`. */
export function fittedFontSize(widthAt100px: number, available: number, preferred: number): number {
  const top = Math.min(
    LABEL_FONT.max,
    Math.max(LABEL_FONT.min, Number.isFinite(preferred) ? preferred : LABEL_FONT.max)
  )
  if (!(widthAt100px > 0) || !Number.isFinite(available) || available <= 0) return top
  const fits = Math.floor((available / widthAt100px) * MEASURE_PX * 2) / 2
  return Math.max(LABEL_FONT.min, Math.min(top, fits))
}

const widths = new Map<string, number>()
let context: CanvasRenderingContext2D | null | undefined

let family: string | null = null

/** The page's font stack (`--font`), read once. */
function fontFamily(): string {
  if (family === null) {
    const root = globalThis.document?.documentElement
    family = (root ? getComputedStyle(root).getPropertyValue('--font').trim() : '') || 'system-ui, sans-serif'
  }
  return family
}

/** The label's width at 100 px in the board's label font, or 0 where there is no canvas. */
export function labelWidthAt100px(text: string): number {
  const font = fontFamily()
  const key = text
  const known = widths.get(key)
  if (known !== undefined) return known
  if (context === undefined) context = globalThis.document?.createElement('canvas').getContext('2d') ?? null
  if (context === null) return 0
  context.font = `600 ${MEASURE_PX}px ${font}`
  const width = context.measureText(text).width
  if (widths.size >= CACHE_LIMIT) widths.clear()
  widths.set(key, width)
  return width
}

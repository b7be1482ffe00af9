/**
 * The theme's colours for what is drawn on canvas (sparklines, charts, histograms), which cannot
 * read CSS variables itself: resolved from the page root once per theme, not once per draw.
 */
export interface CanvasPalette {
  text2: string
  line: string
  lineStrong: string
  accent: string
  up: string
  down: string
  warn: string
  alarm: string
  stale: string
}

const TOKENS: Record<keyof CanvasPalette, string> = {
  text2: '--text-2',
  line: '--line',
  lineStrong: '--line-strong',
  accent: '--accent',
  up: '--up',
  down: '--down',
  warn: '--warn',
  alarm: '--alarm',
  stale: '--stale'
}

/** The dark theme's values: what is drawn before styles apply (and in Node tests). */
export const DARK_PALETTE: CanvasPalette = {
  text2: '#a4afbc',
  line: '#1d2530',
  lineStrong: '#2a3441',
  accent: '#4ea1ff',
  up: '#26c281',
  down: '#ff5c63',
  warn: '#f5a524',
  alarm: '#ff4d4f',
  stale: '#868e9d'
}

let cached: { theme: string; palette: CanvasPalette } | null = null

export function canvasPalette(): CanvasPalette {
  const root = globalThis.document?.documentElement
  if (root === undefined) return DARK_PALETTE
  const theme = root.dataset.theme ?? 'dark'
  if (cached?.theme === theme) return cached.palette
  const style = getComputedStyle(root)
  const palette = { ...DARK_PALETTE }
  for (const key of Object.keys(TOKENS) as (keyof CanvasPalette)[]) {
    const value = style.getPropertyValue(TOKENS[key]).trim()
    if (/^#[0-9a-f]{6}$/i.test(value)) palette[key] = value
  }
  cached = { theme, palette }
  return palette
}

/** `#rrggbb` at an opacity, for canvas fills; anything else comes back unchanged. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (m === null) return hex
  const a = Math.min(1, Math.max(0, Number.isFinite(alpha) ? alpha : 1))
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${a})`
}

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * WCAG 2.x contrast of the themes as written in theme.css (not a copy of them): text AA (4.5:1)
 * on every panel in light and dark, AAA (7:1) in the high-contrast theme; state colours are
 * used as text too ("open", "Cleared · unacked"), so they meet the same bar; warn and alarm stay
 * amber and red in every theme, told apart from each other and from the accent by hue.
 */
const css = readFileSync(join(__dirname, '../../../../src/renderer/src/assets/theme.css'), 'utf8')

function block(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`)
  if (start < 0) throw new Error(`no ${selector} block in theme.css`)
  const body = css.slice(start, css.indexOf('}', start))
  return Object.fromEntries(
    [...body.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)].map((m) => [m[1], m[2]])
  )
}

const themes = {
  dark: block(":root[data-theme='dark']"),
  light: block(":root[data-theme='light']"),
  contrast: block(":root[data-theme='contrast']")
}

function luminance(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2)
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

function hue(hex: string): number {
  const [r, g, b] = [0, 1, 2].map((i) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255)
  const max = Math.max(r, g, b)
  const d = max - Math.min(r, g, b)
  if (d === 0) return 0
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4
  return (h * 60 + 360) % 360
}

const hueDistance = (a: number, b: number): number => Math.min(Math.abs(a - b), 360 - Math.abs(a - b))

const TEXT = ['text', 'text-2', 'muted', 'accent', 'up', 'down', 'warn', 'alarm', 'stale'] as const
const GROUNDS = ['bg', 'panel', 'panel-2', 'bar', 'card-alt'] as const

describe('theme contrast (WCAG)', () => {
  it('the sanity check itself: black on white is 21:1, a colour on itself 1:1', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5)
    expect(contrast('#4ea1ff', '#4ea1ff')).toBeCloseTo(1, 5)
  })

  for (const [name, tokens] of Object.entries(themes)) {
    const needed = name === 'contrast' ? 7 : 4.5
    it(`${name}: every text colour reaches ${needed}:1 on every ground`, () => {
      const failures: string[] = []
      for (const text of TEXT) {
        for (const ground of GROUNDS) {
          const fg = tokens[text]
          const bg = tokens[ground]
          expect(fg, `--${text} in ${name}`).toBeDefined()
          expect(bg, `--${ground} in ${name}`).toBeDefined()
          const ratio = contrast(fg, bg)
          if (ratio < needed) failures.push(`--${text} on --${ground}: ${ratio.toFixed(2)}`)
        }
      }
      expect(failures).toEqual([])
    })

    it(`${name}: the accent's button text, and price flashes, stay readable`, () => {
      expect(contrast(tokens['on-accent'], tokens.accent)).toBeGreaterThanOrEqual(4.5)
      expect(contrast(tokens['flash-up-text'], tokens.up)).toBeGreaterThanOrEqual(
        name === 'contrast' ? 1 : 1.2
      )
    })

    it(`${name}: warn is amber, alarm is red, and neither looks like the accent (ISA-101)`, () => {
      const warn = hue(tokens.warn)
      const alarm = hue(tokens.alarm)
      expect(warn).toBeGreaterThanOrEqual(28)
      expect(warn).toBeLessThanOrEqual(50)
      expect(hueDistance(alarm, 0)).toBeLessThanOrEqual(12)
      expect(hueDistance(warn, alarm)).toBeGreaterThanOrEqual(25)
      expect(hueDistance(hue(tokens.accent), alarm)).toBeGreaterThanOrEqual(90)
      expect(hueDistance(hue(tokens.accent), warn)).toBeGreaterThanOrEqual(90)
      // Rules and tracks are neutral: colour is kept for meaning.
      for (const neutral of ['line', 'line-strong', 'track']) {
        const [r, g, b] = [0, 1, 2].map((i) => parseInt(tokens[neutral].slice(1 + 2 * i, 3 + 2 * i), 16))
        expect(Math.max(r, g, b) - Math.min(r, g, b), `--${neutral} is grey-ish`).toBeLessThanOrEqual(40)
      }
    })
  }
})

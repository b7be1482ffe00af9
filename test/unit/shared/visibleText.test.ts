import { describe, expect, it } from 'vitest'
import {
  hasInvisible,
  hasInvisibleInText,
  showInvisible,
  showInvisibleInText,
  userTextProblem
} from '@shared/visibleText'

describe('text people read: emoji and scripts are text, spoofing is not', () => {
  const fine = [
    'Kessel ⚠️ Nord', // U+26A0 U+FE0F
    '❄️ Kühlung',
    '1️⃣ Linie', // keycap: 1 U+FE0F U+20E3
    '👨‍🔧 Wartung', // ZWJ sequence
    '🏳️‍🌈',
    'می‌خواهم', // Persian with ZWNJ
    '葛󠄀飾区', // ideographic variation selector U+E0100
    '🏴󠁧󠁢󠁳󠁣󠁴󠁿 Glasgow', // subdivision flag: tags after U+1F3F4
    '東京\u3000工場',
    'बॉयलर'
  ]
  it('accepts emoji presentation, ZWJ/ZWNJ sequences, variation selectors and flag tags in labels', () => {
    for (const label of fine) {
      expect(userTextProblem(label, 80), label).toBeNull()
      expect(showInvisibleInText(label), label).toBe(label)
    }
  })

  it('still refuses bidi controls, line breaks, stray selectors and lone surrogates', () => {
    for (const bad of [
      'AB\u202eCD',
      'Boiler\nA',
      'Boiler\ufe0f',
      '\ufe0fBoiler',
      'A\u200dB',
      'x\ud800',
      'A\u2800B',
      '1\ufe0f Linie'
    ]) {
      expect(hasInvisibleInText(bad), JSON.stringify(bad)).toBe(true)
      expect(userTextProblem(bad, 80), JSON.stringify(bad)).toBe(
        'must not contain control, bidirectional or invisible characters'
      )
    }
    expect(showInvisibleInText('Kessel ⚠️ Nord\u202e')).toBe('Kessel ⚠️ Nord<U+202E>')
  })

  it('identifiers stay strict: any selector or joiner is invisible there', () => {
    expect(hasInvisible('⚠️')).toBe(true)
    expect(showInvisible('BTC\ufe0f')).toBe('BTC<U+FE0F>')
    expect(showInvisible('BTC\u{E0041}')).toBe('BTC<U+E0041>')
    expect(showInvisible('x\ud800y')).toBe('x<U+D800>y')
    expect(hasInvisible('BTC-USD')).toBe(false)
  })
})

/**
 * Text rules for strings that reach the screen or a journal. Control characters can forge a
 * line; bidirectional overrides and invisible characters can make `AB\u202eCD` read as "ABDC".
 * User-supplied text (operator names, labels, units, groups) with any of them is refused; wire
 * text shown for diagnosis (errors, malformed reasons) has them made visible instead.
 */

// Characters that draw nothing or change how their neighbours draw, so that two different
// strings can look the same ("BTC" and "BTC\u00ad") or one can reorder itself ("AB\u202eCD"):
// C0/C1 controls and DEL, soft hyphen, combining grapheme joiner, Arabic letter mark, Hangul
// fillers, Khmer inherent vowels, Mongolian selectors and vowel separator, zero-width and bidi
// marks, embeddings, overrides and isolates, line/paragraph separators, word joiner and invisible
// operators, variation selectors, the byte-order mark, interlinear annotation, shorthand format
// controls, musical formatting, tags and the variation selector supplement.
const INVISIBLE_CLASS =
  '[\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f' +
  '\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff9-\\ufffb' +
  '\\u{1bca0}-\\u{1bca3}\\u{1d173}-\\u{1d17a}\\u{e0000}-\\u{e0fff}]'
// The class lists combining and format characters on purpose, each matched on its own.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = new RegExp(INVISIBLE_CLASS, 'u')
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE_ALL = new RegExp(INVISIBLE_CLASS, 'gu')

/** True when `text` has a control, bidi or invisible formatting character. */
export function hasInvisible(text: string): boolean {
  return INVISIBLE.test(text)
}

/** `text` with every control, bidi or invisible character written out as `<U+202E>`. */
export function showInvisible(text: string): string {
  if (!INVISIBLE.test(text)) return text
  return text.replace(
    INVISIBLE_ALL,
    (c) => `<U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}>`
  )
}

/**
 * Wire text kept for diagnosis: invisible characters shown, and cut to `max` characters with
 * the original length said (a 900 kB symbol in a reason must not become a 900 kB reason).
 */
export function diagnosticText(text: string, max: number): string {
  const head = text.length > max ? text.slice(0, max) : text
  const shown = showInvisible(head)
  return text.length > max ? `${shown}… (${text.length} characters)` : shown
}

/** Why user-supplied text is refused, or `null`: the one rule for names, labels, units, groups. */
export function userTextProblem(text: string, max: number): string | null {
  if (text.trim().length === 0) return 'must not be blank'
  if (text.length > max) return `must be at most ${max} characters`
  if (hasInvisible(text)) return 'must not contain control, bidirectional or invisible characters'
  return null
}

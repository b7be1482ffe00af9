/**
 * Text rules for strings that reach the screen or a journal. Control characters can forge a
 * line; bidirectional overrides and invisible characters can make `AB\u202eCD` read as "ABDC".
 * User-supplied text (operator names, labels, units, groups) with any of them is refused; wire
 * text shown for diagnosis (errors, malformed reasons) has them made visible instead.
 */

// C0 and C1 controls, DEL, zero-width and bidi marks/embeddings/overrides/isolates, line and
// paragraph separators, word joiners, the byte-order mark, interlinear annotation characters.
const INVISIBLE_CLASS =
  '[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u2069\\ufeff\\ufff9-\\ufffb]'
const INVISIBLE = new RegExp(INVISIBLE_CLASS)
const INVISIBLE_ALL = new RegExp(INVISIBLE_CLASS, 'g')

/** True when `text` has a control, bidi or invisible formatting character. */
export function hasInvisible(text: string): boolean {
  return INVISIBLE.test(text)
}

/** `text` with every control, bidi or invisible character written out as `<U+202E>`. */
export function showInvisible(text: string): string {
  if (!INVISIBLE.test(text)) return text
  return text.replace(
    INVISIBLE_ALL,
    (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`
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

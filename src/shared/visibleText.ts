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
  '\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u2800\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff9-\\ufffb' +
  '\\u{1bca0}-\\u{1bca3}\\u{1d173}-\\u{1d17a}\\u{e0000}-\\u{e0fff}]'
// The class lists combining and format characters on purpose, each matched on its own.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = new RegExp(INVISIBLE_CLASS, 'u')

/** Lone surrogates draw as "�" and make two strings look alike; they are never valid text. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/**
 * True when `text` has a control, bidi or invisible formatting character or a lone surrogate:
 * the strict rule, for identifiers (symbols, topics, keys) where nothing invisible belongs.
 */
export function hasInvisible(text: string): boolean {
  return INVISIBLE.test(text) || LONE_SURROGATE.test(text)
}

/** `text` with every control, bidi or invisible character written out as `<U+202E>`. */
export function showInvisible(text: string): string {
  if (!hasInvisible(text)) return text
  return writeOut(text, () => false)
}

/**
 * The rule for text a person reads (labels, text states): as strict, except for the joiners and
 * selectors that belong to the character before them and draw with it — the emoji presentation
 * selector in "⚠️", the joiner in "👨‍🔧", ZWNJ in Persian words, ideographic variation selectors,
 * the tags of subdivision flags, Mongolian variation selectors. Bidi controls, C0/C1 controls,
 * line separators and a selector with nothing to attach to (after ASCII, at the start) still count.
 */
export function hasInvisibleInText(text: string): boolean {
  if (!hasInvisible(text)) return false
  let found = false
  writeOut(text, (cp, prev, next) => {
    if (!belongsToNeighbours(cp, prev, next)) found = true
    return true
  })
  return found
}

/** `showInvisible` for text a person reads: what `hasInvisibleInText` allows stays as it is. */
export function showInvisibleInText(text: string): string {
  if (!hasInvisible(text)) return text
  return writeOut(text, belongsToNeighbours)
}

/** Rewrites every invisible code point (and lone surrogate) that `keep` does not keep. */
function writeOut(text: string, keep: (cp: number, prev: number, next: number) => boolean): string {
  const points = Array.from(text)
  let out = ''
  for (let i = 0; i < points.length; i++) {
    const c = points[i]
    const cp = c.codePointAt(0) ?? 0
    const invisible = INVISIBLE.test(c) || (cp >= 0xd800 && cp <= 0xdfff)
    const prev = i > 0 ? (points[i - 1].codePointAt(0) ?? 0) : -1
    const next = i + 1 < points.length ? (points[i + 1].codePointAt(0) ?? 0) : -1
    out += invisible && !keep(cp, prev, next) ? `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>` : c
  }
  return out
}

const isSurrogate = (cp: number): boolean => cp >= 0xd800 && cp <= 0xdfff
/** A visible character beyond ASCII that a selector or joiner can attach to. */
const isBase = (cp: number): boolean =>
  cp > 0x7f && !isSurrogate(cp) && !INVISIBLE.test(String.fromCodePoint(cp))

function belongsToNeighbours(cp: number, prev: number, next: number): boolean {
  // Variation selectors (text/emoji presentation, ideographic variants) follow their base; a
  // keycap ("1️⃣") is an ASCII digit, # or * with the emoji selector and U+20E3.
  if (cp === 0xfe0f && next === 0x20e3) return /[0-9#*]/.test(String.fromCodePoint(Math.max(prev, 0)))
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) return prev > 0 && isBase(prev)
  // ZWNJ/ZWJ join two visible characters beyond ASCII (Persian, Indic, emoji sequences); ZWJ
  // may also follow a presentation selector ("🏳️‍🌈").
  if (cp === 0x200c || cp === 0x200d) return (isBase(prev) || prev === 0xfe0f) && next > 0 && isBase(next)
  // Tag characters spell a subdivision flag after 🏴 and end with CANCEL TAG.
  if (cp >= 0xe0020 && cp <= 0xe007f) return prev === 0x1f3f4 || (prev >= 0xe0020 && prev <= 0xe007e)
  // Mongolian free variation selectors follow a Mongolian letter.
  if ((cp >= 0x180b && cp <= 0x180d) || cp === 0x180f) return prev >= 0x1820 && prev <= 0x18af
  return false
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
  if (hasInvisibleInText(text)) return 'must not contain control, bidirectional or invisible characters'
  return null
}

import { showInvisibleInText } from '@shared/visibleText'

/** How the inspector shows a payload (each its `data-payload-view`). */
export const PAYLOAD_VIEWS = ['text', 'json', 'hex', 'base64', 'sparkplug'] as const
export type PayloadView = (typeof PAYLOAD_VIEWS)[number]

/** Longest formatted JSON shown; a bigger one is shown as it came (text). */
const MAX_PRETTY_JSON = 1_000_000
/** Indentation stops deepening here, so a hostile `[[[[…` cannot grow the text by its square. */
const MAX_INDENT_LEVELS = 40

export function payloadBytes(base64: string): Uint8Array {
  const binary = atob(base64)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** A payload read as UTF-8: `valid` false when its bytes are not (the bad ones read as �). */
export interface DecodedText {
  raw: string
  valid: boolean
}

/**
 * Reads a payload as UTF-8, a byte-order mark kept (it is in the payload, so it is shown). A
 * character cut by the end of a truncated payload is no fault of the sender.
 */
export function decodeText(bytes: Uint8Array, truncated = false): DecodedText {
  for (let cut = 0; cut <= (truncated ? 3 : 0); cut++) {
    try {
      const raw = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(
        bytes.subarray(0, bytes.length - cut)
      )
      return { raw, valid: true }
    } catch {
      // Not UTF-8 this far: one byte less, for a truncated payload, else as it is.
    }
  }
  return { raw: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes), valid: false }
}

/**
 * The payload as text to read: line breaks and tabs kept, every other control, bidi or invisible
 * character written out (`<U+202E>`) so what is read is what was sent.
 */
export function payloadText(bytes: Uint8Array, truncated = false): { text: string; valid: boolean } {
  const { raw, valid } = decodeText(bytes, truncated)
  return { text: visibleLines(raw), valid }
}

/** Text with its line breaks and tabs, everything else invisible written out. */
export function visibleLines(raw: string): string {
  return raw
    .split(/\r?\n/)
    .map((line) => line.split('\t').map(showInvisibleInText).join('\t'))
    .join('\n')
}

/** Control characters other than tab and line breaks: the mark of a binary payload. */
// eslint-disable-next-line no-control-regex
const BINARY_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/

/**
 * JSON laid out with two-space indentation, every literal kept exactly as sent (a 64-bit id or
 * `1e400` is not rounded through a double), invisible characters written out; or why the text
 * (as received, not as shown) is not JSON.
 */
export function prettyJson(text: string): { json: string } | { problem: string } {
  try {
    JSON.parse(text)
  } catch (err) {
    // The parser's message quotes the payload: what it quotes is shown like the payload.
    return { problem: `not JSON: ${showInvisibleInText((err as Error).message.slice(0, 160))}` }
  }
  const out: string[] = []
  let size = 0
  let depth = 0
  let inString = false
  let escaped = false
  const newline = (): void => {
    const indent = '  '.repeat(Math.min(depth, MAX_INDENT_LEVELS))
    out.push('\n', indent)
    size += 1 + indent.length
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      out.push(c)
      if (escaped) escaped = false
      else if (c === '\\') escaped = true
      else if (c === '"') inString = false
    } else if (c === '"') {
      inString = true
      out.push(c)
    } else if (c === '{' || c === '[') {
      out.push(c)
      // An empty object or array stays on its line.
      const next = nextSignificant(text, i + 1)
      if (text[next] === (c === '{' ? '}' : ']')) {
        out.push(text[next])
        i = next
        continue
      }
      depth++
      newline()
    } else if (c === '}' || c === ']') {
      depth--
      newline()
      out.push(c)
    } else if (c === ',') {
      out.push(c)
      newline()
    } else if (c === ':') {
      out.push(': ')
    } else if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\r') {
      out.push(c)
    }
    size++
    if (size > MAX_PRETTY_JSON) return { problem: 'too large to lay out: shown as text' }
  }
  return { json: visibleLines(out.join('')) }
}

function nextSignificant(text: string, from: number): number {
  let i = from
  while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++
  return i
}

/** 16 bytes a line: offset, the bytes in hex, and the printable ASCII ones. */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = []
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16)
    let hex = ''
    let ascii = ''
    for (let i = 0; i < 16; i++) {
      if (i < row.length) {
        hex += row[i].toString(16).padStart(2, '0') + (i === 7 ? '  ' : ' ')
        ascii += row[i] >= 0x20 && row[i] < 0x7f ? String.fromCharCode(row[i]) : '.'
      } else hex += i === 7 ? '    ' : '   '
    }
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex} ${ascii}`)
  }
  return lines.join('\n')
}

/** Base64 in lines of 76 characters, as MIME writes it. */
export function base64Lines(base64: string): string {
  const lines: string[] = []
  for (let i = 0; i < base64.length; i += 76) lines.push(base64.slice(i, i + 76))
  return lines.join('\n')
}

/** The view a payload opens in: decoded Sparkplug, JSON for an object or array, text, else hex. */
export function naturalView(bytes: Uint8Array, truncated: boolean, sparkplug: boolean): PayloadView {
  if (sparkplug) return 'sparkplug'
  const { raw, valid } = decodeText(bytes, truncated)
  if (!valid || BINARY_CONTROLS.test(raw)) return 'hex'
  const start = raw.trimStart()[0]
  if ((start === '{' || start === '[') && 'json' in prettyJson(raw)) return 'json'
  return 'text'
}

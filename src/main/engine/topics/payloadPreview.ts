import { MAX_PREVIEW_LENGTH } from '@shared/topics'
import { isSparkplugTopic } from '@shared/sparkplugTopic'
import { showInvisibleInText } from '@shared/visibleText'

/** Bytes read for a preview: enough for `MAX_PREVIEW_LENGTH` characters of any script. */
const PREVIEW_BYTES = MAX_PREVIEW_LENGTH * 4

/**
 * A payload as one short line beside its topic: text with its whitespace folded and invisible
 * characters written out, or what it is when it is not text (`binary, 12 bytes`).
 */
export function payloadPreview(topic: string, payload: Uint8Array, size: number): string {
  if (size === 0) return 'empty'
  if (isSparkplugTopic(topic) && !topic.startsWith('spBv1.0/STATE/')) return `Sparkplug B, ${bytes(size)}`
  let text = Buffer.from(
    payload.buffer,
    payload.byteOffset,
    Math.min(payload.length, PREVIEW_BYTES)
  ).toString('utf8')
  // A character cut at the end of the bytes read is no sign of binary.
  if (payload.length > PREVIEW_BYTES) text = text.replace(/\ufffd{1,3}$/, '')
  // eslint-disable-next-line no-control-regex
  if (text.includes('\ufffd') || /[\u0000-\u0008\u000e-\u001f]/.test(text)) return `binary, ${bytes(size)}`
  const line = text.replace(/\s+/g, ' ').trim()
  if (line.length === 0) return `whitespace, ${bytes(size)}`
  const shown = showInvisibleInText(
    line.length > MAX_PREVIEW_LENGTH ? line.slice(0, MAX_PREVIEW_LENGTH) : line
  )
  return line.length > MAX_PREVIEW_LENGTH || payload.length > PREVIEW_BYTES ? `${shown}…` : shown
}

function bytes(n: number): string {
  return n === 1 ? '1 byte' : `${n.toLocaleString('en')} bytes`
}

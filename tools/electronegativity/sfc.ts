import { parse as parseSfc } from 'vue/compiler-sfc'

/** One file cut from a Vue SFC: the suffix its staged name gets, and its text. */
export interface SfcPart {
  suffix: string
  text: string
}

export type SfcParts = { ok: true; parts: SfcPart[] } | { ok: false; message: string }

/** Everything outside [start, end) becomes spaces; line breaks stay, so lines and columns do. */
export function keepOnly(text: string, start: number, end: number): string {
  const blank = (part: string): string => part.replace(/[^\r\n]/g, ' ')
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end))
}

/**
 * The parts of a Vue SFC Electronegativity can read: its HTML `<template>` as `.template.html`
 * and each `<script>` block as `.script.<ext>` / `.setup.<ext>` (ts, tsx or js), each the whole
 * file with everything else blanked. `ok: false` when the SFC does not parse.
 */
export function sfcParts(path: string, text: string): SfcParts {
  const { descriptor, errors } = parseSfc(text, { filename: path })
  if (errors.length > 0) return { ok: false, message: errors.map((e) => e.message).join('; ') }
  const parts: SfcPart[] = []
  const { template, script, scriptSetup } = descriptor
  if (template !== null && (template.lang === undefined || template.lang === 'html')) {
    parts.push({
      suffix: '.template.html',
      text: keepOnly(text, template.loc.start.offset, template.loc.end.offset)
    })
  }
  for (const [block, name] of [
    [script, 'script'],
    [scriptSetup, 'setup']
  ] as const) {
    if (block === null) continue
    const ext = block.lang === 'ts' || block.lang === 'tsx' ? block.lang : 'js'
    parts.push({
      suffix: `.${name}.${ext}`,
      text: keepOnly(text, block.loc.start.offset, block.loc.end.offset)
    })
  }
  return { ok: true, parts }
}

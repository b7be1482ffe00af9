/** The template token that becomes the configured symbol array (DESIGN.md, configuration). */
export const SYMBOLS_TOKEN = '{{symbols}}'

/** Deep copy of `template` with every string exactly equal to the token replaced by `symbols`. */
export function renderSubscribe(template: unknown, symbols: readonly string[]): unknown {
  if (template === SYMBOLS_TOKEN) return [...symbols]
  if (Array.isArray(template)) return template.map((item) => renderSubscribe(item, symbols))
  if (typeof template === 'object' && template !== null) {
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(template)) out[key] = renderSubscribe(value, symbols)
    return out
  }
  return template
}

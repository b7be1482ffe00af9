/**
 * Dotted paths into parsed JSON ("data.price", "items.0.v"), split once at configuration time so
 * the hot path only walks a key array.
 */
export type CompiledPath = readonly string[]

export function compilePath(dotted: string): CompiledPath {
  return dotted.split('.')
}

/** The value at `path`, or `undefined` when any step is missing or not an object/array. */
export function lookupPath(root: unknown, path: CompiledPath): unknown {
  let node = root
  for (let i = 0; i < path.length; i++) {
    if (typeof node !== 'object' || node === null) return undefined
    node = (node as Record<string, unknown>)[path[i]]
  }
  return node
}

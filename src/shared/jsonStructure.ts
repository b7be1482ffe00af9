/**
 * What `JSON.parse` lets through silently: a key given twice (the first value is dropped without
 * a word) and nesting deep enough to overflow a recursive reader later. One linear pass over
 * text that is already known to be valid JSON, with an explicit stack (no recursion).
 */
export interface JsonStructureProblem {
  /** The path of the offending key or container, as `formatJsonPath` takes it. */
  path: (string | number)[]
  message: string
}

interface Level {
  /** Keys seen so far in an object; `null` for an array. */
  keys: Set<string> | null
  /** The key or index this level sits under in its parent (`null` for the root). */
  at: string | number | null
  /** Arrays: the index of the current element. Objects: unused. */
  index: number
  /** Objects: the key whose value is being read, once its colon has been passed. */
  key: string | null
}

export function jsonStructureProblem(text: string, maxDepth: number): JsonStructureProblem | null {
  const stack: Level[] = []
  const pathOf = (): (string | number)[] => {
    const path: (string | number)[] = []
    for (let i = 1; i < stack.length; i++) path.push(stack[i].at as string | number)
    return path
  }
  /** Where a new value would sit in the current container. */
  const here = (): string | number | null => {
    const top = stack[stack.length - 1]
    if (top === undefined) return null
    return top.keys === null ? top.index : top.key
  }
  let expectKey = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22 /* " */) {
      const start = i
      i++
      while (i < text.length && text.charCodeAt(i) !== 0x22) {
        if (text.charCodeAt(i) === 0x5c /* \ */) i++
        i++
      }
      const top = stack[stack.length - 1]
      if (expectKey && top !== undefined && top.keys !== null) {
        const key = JSON.parse(text.slice(start, i + 1)) as string
        if (top.keys.has(key)) {
          // The key may be anything the file holds: shown shortened (the path names it too).
          const shown = key.length > 80 ? `${key.slice(0, 80)}… (${key.length} characters)` : key
          return { path: [...pathOf(), key.slice(0, 80)], message: `duplicate key "${shown}"` }
        }
        top.keys.add(key)
        top.key = key
        expectKey = false
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const at = here()
      stack.push({ keys: c === 0x7b ? new Set() : null, at, index: 0, key: null })
      if (stack.length > maxDepth) {
        return { path: pathOf(), message: `nested deeper than ${maxDepth} levels` }
      }
      expectKey = c === 0x7b
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop()
      expectKey = false
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1]
      if (top !== undefined) {
        if (top.keys === null) top.index++
        else expectKey = true
      }
    }
  }
  return null
}

/**
 * Whether an already-parsed value nests deeper than `maxDepth` (arrays and objects), checked
 * without recursion, so a hostile value cannot overflow the stack of the walk that checks it.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: [unknown, number][] = [[value, 0]]
  let visited = 0
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!
    if (typeof node !== 'object' || node === null) continue
    if (depth >= maxDepth) return true
    // A bound on the work as well as the depth: a config is not a million nodes.
    if (++visited > 200_000) return true
    for (const child of Array.isArray(node) ? node : Object.values(node)) stack.push([child, depth + 1])
  }
  return false
}

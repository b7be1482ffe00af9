/**
 * `${env:NAME}` inside any string of the configuration is replaced by the environment variable
 * NAME, so a deployed file holds no secret (`"Authorization": "Bearer ${env:DESK_FEED_TOKEN}"`).
 * A reference to a variable that is not set refuses the file, naming the variable and the path.
 */

const REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g
/** A value after substitution may not grow past this (a variable is not a place for a file). */
const MAX_SUBSTITUTED_LENGTH = 65_536

export type Environment = Readonly<Record<string, string | undefined>>

/** A reference that cannot be resolved: where, and why. */
export interface EnvReferenceProblem {
  path: (string | number)[]
  message: string
}

/**
 * `value` with every `${env:NAME}` in its strings replaced, or the first problem. The input is
 * parsed JSON whose depth is already bounded, so the walk may recurse.
 */
export function substituteEnv(value: unknown, env: Environment): { value: unknown } | EnvReferenceProblem {
  const problem: { found: EnvReferenceProblem | null } = { found: null }
  const walk = (node: unknown, path: (string | number)[]): unknown => {
    if (problem.found !== null) return node
    if (typeof node === 'string') return substituteString(node, env, path, problem)
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...path, i]))
    if (typeof node === 'object' && node !== null) {
      const out: Record<string, unknown> = {}
      for (const [key, item] of Object.entries(node)) {
        // Defined, not assigned: a "__proto__" key stays an own property (the schema refuses it).
        Object.defineProperty(out, key, {
          value: walk(item, [...path, key]),
          enumerable: true,
          writable: true,
          configurable: true
        })
      }
      return out
    }
    return node
  }
  const result = walk(value, [])
  return problem.found ?? { value: result }
}

function substituteString(
  text: string,
  env: Environment,
  path: (string | number)[],
  problem: { found: EnvReferenceProblem | null }
): string {
  if (!text.includes('${env:')) return text
  const replaced = text.replace(REFERENCE, (whole, name: string) => {
    const value = env[name]
    if (value === undefined) {
      problem.found ??= { path, message: `environment variable ${name} is not set` }
      return whole
    }
    return value
  })
  if (problem.found === null && replaced.length > MAX_SUBSTITUTED_LENGTH)
    problem.found = {
      path,
      message: `longer than ${MAX_SUBSTITUTED_LENGTH} characters once environment variables are in`
    }
  return replaced
}

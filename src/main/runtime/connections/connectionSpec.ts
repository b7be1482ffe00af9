import { cwd } from 'node:process'
import { marketSchema, telemetrySchema } from '@shared/config'
import { ConfigError, formatJsonPath } from '@shared/configError'
import { substituteEnv, type Environment } from '@shared/envReferences'
import { MAX_REASON_LENGTH } from '@shared/limits'
import type { SourceKind } from '@shared/model'
import { diagnosticText } from '@shared/visibleText'
import type { SourceSpec } from '../../engine/sources/liveSources'
import { resolveTls } from '../loadConfig'

const fieldPath = (path: readonly PropertyKey[]): string =>
  formatJsonPath(path).replace(/^\$\.?/, '') || 'settings'

/**
 * A connection's settings as the configuration file's schema takes them: `${env:NAME}` replaced,
 * every field checked by the same rules as the file, TLS files read and checked. Resolves to the
 * source, or to why not (naming the field, e.g. `subscriptions[0].topic: …`).
 */
export async function resolveConnection(
  kind: SourceKind,
  raw: Record<string, unknown>,
  env: Environment,
  base: string = cwd()
): Promise<{ spec: SourceSpec } | { error: string }> {
  const foreign = foreignReference(raw, [])
  if (foreign !== null) {
    return {
      error: bounded(
        `${fieldPath(foreign.path)}: \${env:${foreign.name}} is not available to connections made in the app; only variables named ${APP_ENV_PREFIX}… are (so a remote admin cannot read the server's environment)`
      )
    }
  }
  const substituted = substituteEnv(raw, env)
  if (!('value' in substituted))
    return { error: bounded(`${fieldPath(substituted.path)}: ${substituted.message}`) }
  const parsed =
    kind === 'market'
      ? marketSchema.safeParse(substituted.value)
      : telemetrySchema.safeParse(substituted.value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return { error: bounded(`${fieldPath(issue.path)}: ${issue.message}`) }
  }
  const config = parsed.data
  if (config.tls !== undefined) {
    try {
      config.tls = await resolveTls(config.tls, base, 'connection', ['tls'])
    } catch (err) {
      if (err instanceof ConfigError)
        return { error: bounded(`${err.jsonPath.replace(/^\$\.?/, '')}: ${err.reason}`) }
      throw err
    }
  }
  // The schema was chosen by `kind`, so the pair matches.
  return { spec: { kind, config } as SourceSpec }
}

/** The environment variables a connection made in the app may reference. */
export const APP_ENV_PREFIX = 'TICKWIRE_CONN_'

const REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g

/** The first `${env:NAME}` whose NAME lacks the prefix, with where it is. */
function foreignReference(
  node: unknown,
  path: (string | number)[]
): { name: string; path: (string | number)[] } | null {
  if (typeof node === 'string') {
    for (const match of node.matchAll(REFERENCE))
      if (!match[1].startsWith(APP_ENV_PREFIX)) return { name: match[1], path }
    return null
  }
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) {
      const found = foreignReference(item, [...path, i])
      if (found !== null) return found
    }
    return null
  }
  if (typeof node === 'object' && node !== null) {
    for (const [key, item] of Object.entries(node)) {
      const found = foreignReference(item, [...path, key])
      if (found !== null) return found
    }
  }
  return null
}

function bounded(text: string): string {
  return diagnosticText(text, MAX_REASON_LENGTH)
}

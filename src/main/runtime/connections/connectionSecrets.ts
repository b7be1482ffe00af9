import type { SourceKind } from '@shared/model'
import type { SecretField } from '@shared/connections/connectionModel'

/** A connection's secret values by field (`password`, `headers.<Name>`). */
export type SecretValues = Partial<Record<SecretField, string>>

type RawConfig = Record<string, unknown>

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Takes the secret values out of a connection's settings: a broker's `password`, every value of a
 * feed's handshake `headers` (an `Authorization`, an API key, a cookie). What is left can be
 * written to `connections.json` and shown to a view.
 */
export function splitSecrets(
  kind: SourceKind,
  config: RawConfig
): { config: RawConfig; secrets: SecretValues } {
  const rest: RawConfig = { ...config }
  const secrets: SecretValues = {}
  if (typeof rest.url === 'string') rest.url = splitUrl(rest.url, secrets)
  // A broker's password: a telemetry entry's, or a collector fan-out's (a market feed over MQTT).
  if (typeof rest.password === 'string') {
    secrets.password = rest.password
    delete rest.password
  }
  if (kind === 'market' && isObject(rest.headers)) {
    const names: Record<string, string> = {}
    for (const [name, value] of Object.entries(rest.headers)) {
      if (typeof value !== 'string') continue
      Object.defineProperty(secrets, `headers.${name}`, {
        value,
        enumerable: true,
        writable: true,
        configurable: true
      })
      names[name] = ''
    }
    delete rest.headers
    // The header names are not secret; the view shows which are set.
    if (Object.keys(names).length > 0) rest.headerNames = Object.keys(names)
  }
  if (kind === 'market' && isObject(rest.auth) && typeof rest.auth.token === 'string') {
    const { token, ...auth } = rest.auth
    secrets['auth.token'] = token as string
    rest.auth = auth
  }
  return { config: rest, secrets }
}

/** Puts secret values back into settings split by `splitSecrets`. */
export function mergeSecrets(kind: SourceKind, config: RawConfig, secrets: SecretValues): RawConfig {
  const out: RawConfig = { ...config }
  delete out.headerNames
  if (typeof out.url === 'string') out.url = mergeUrl(out.url, secrets)
  if (secrets.password !== undefined) out.password = secrets.password
  if (kind === 'market') {
    const headers: Record<string, string> = {}
    for (const [field, value] of Object.entries(secrets)) {
      if (!field.startsWith('headers.') || value === undefined) continue
      Object.defineProperty(headers, field.slice('headers.'.length), {
        value,
        enumerable: true,
        writable: true,
        configurable: true
      })
    }
    if (Object.keys(headers).length > 0) out.headers = headers
    if (secrets['auth.token'] !== undefined)
      out.auth = { ...(isObject(out.auth) ? out.auth : {}), token: secrets['auth.token'] }
  }
  return out
}

/** Which secret fields hold a value (what a view may know). */
export function secretsSet(secrets: SecretValues): Partial<Record<SecretField, 'set'>> {
  const out: Partial<Record<SecretField, 'set'>> = {}
  for (const field of Object.keys(secrets) as SecretField[]) {
    Object.defineProperty(out, field, { value: 'set', enumerable: true, writable: true, configurable: true })
  }
  return out
}

/**
 * The secrets of an edit: the values the view sent, plus the stored ones it asked to `keep`
 * (a password field left empty means "unchanged", since the view never had the value).
 */
export function editedSecrets(
  sent: SecretValues,
  stored: SecretValues,
  keep: readonly string[]
): SecretValues {
  const out: SecretValues = { ...sent }
  for (const field of keep) {
    const value = (stored as Record<string, string | undefined>)[field]
    if (value !== undefined && !(field in out))
      Object.defineProperty(out, field, { value, enumerable: true, writable: true, configurable: true })
  }
  return out
}

/** Query parameters whose values are taken for secrets (`?apikey=…`, `?token=…`, `?sig=…`). */
const SECRET_QUERY = /token|key|secret|pass|auth|sig|session|credential/i

const define = (target: object, key: string, value: string): void => {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true })
}

/**
 * A URL's password and secret-looking query values move to `secrets`; the URL keeps the user
 * name and the parameter names (emptied). A URL holding `${env:…}` references is left as
 * written: a reference is not a secret, and parsing would encode it.
 */
function splitUrl(url: string, secrets: SecretValues): string {
  if (url.includes('${')) return url
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return url
  }
  let changed = false
  if (parsed.password !== '') {
    define(secrets, 'url.password', decodeURIComponent(parsed.password))
    parsed.password = ''
    changed = true
  }
  for (const [name, value] of [...parsed.searchParams]) {
    if (!SECRET_QUERY.test(name) || value === '') continue
    define(secrets, `url.query.${name}`, value)
    parsed.searchParams.set(name, '')
    changed = true
  }
  return changed ? parsed.toString() : url
}

function mergeUrl(url: string, secrets: SecretValues): string {
  const fields = Object.keys(secrets).filter((f) => f.startsWith('url.'))
  if (fields.length === 0) return url
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return url
  }
  const values = secrets as Record<string, string | undefined>
  if (values['url.password'] !== undefined) parsed.password = encodeURIComponent(values['url.password'])
  for (const field of fields) {
    if (!field.startsWith('url.query.')) continue
    const value = values[field]
    if (value !== undefined) parsed.searchParams.set(field.slice('url.query.'.length), value)
  }
  return parsed.toString()
}

import { TOKEN_TOKEN, type MarketAuthConfig } from '@shared/configFields'
import { MAX_REASON_LENGTH } from '@shared/limits'
import { diagnosticText } from '@shared/visibleText'
import { compilePath, lookupPath } from '../dottedPath'

/** The URL with the token in its query when the feed wants it there. */
export function urlWithToken(url: string, auth: MarketAuthConfig | undefined): string {
  if (auth?.queryParam === undefined) return url
  const parsed = new URL(url)
  parsed.searchParams.set(auth.queryParam, auth.token)
  return parsed.toString()
}

/** The login message with every "{{token}}" inside its strings replaced. */
export function renderLogin(template: unknown, token: string): unknown {
  if (typeof template === 'string') return template.split(TOKEN_TOKEN).join(token)
  if (Array.isArray(template)) return template.map((item) => renderLogin(item, token))
  if (typeof template === 'object' && template !== null) {
    const out: Record<string, unknown> = {}
    for (const [key, value] of Object.entries(template))
      Object.defineProperty(out, key, {
        value: renderLogin(value, token),
        enumerable: true,
        writable: true,
        configurable: true
      })
    return out
  }
  return template
}

export type LoginVerdict = { kind: 'ack' } | { kind: 'refused'; reason: string } | { kind: 'pending' }

/**
 * What a message received while waiting for the login's acknowledgement says: the ack
 * (`ackPath` equals `ackValue`), a refusal (any other value there), or nothing about the login
 * (a welcome banner, a heartbeat): keep waiting.
 */
export function loginVerdict(text: string, login: NonNullable<MarketAuthConfig['login']>): LoginVerdict {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { kind: 'pending' }
  }
  const value = lookupPath(parsed, compilePath(login.ackPath))
  if (value === undefined) return { kind: 'pending' }
  if (value === login.ackValue) return { kind: 'ack' }
  const shown = typeof value === 'string' ? value : JSON.stringify(value)
  return {
    kind: 'refused',
    reason: diagnosticText(
      `the feed answered ${login.ackPath} = ${shown ?? String(value)}`,
      MAX_REASON_LENGTH
    )
  }
}

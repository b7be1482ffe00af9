import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { Role } from '@shared/commands/roles'

/** The token a request presents: `?token=` in the URL or `Authorization: Bearer …`. */
export function presentedToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.authorization
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (match) return match[1]
  }
  return url.searchParams.get('token')
}

/**
 * Constant-time comparison. Hashing first gives both sides the same length, so neither the
 * content nor the length of the expected token leaks through timing.
 */
export function tokenMatches(presented: string | null, expected: string): boolean {
  if (presented === null) return false
  const a = createHash('sha256').update(presented, 'utf8').digest()
  const b = createHash('sha256').update(expected, 'utf8').digest()
  return timingSafeEqual(a, b)
}

/** Browser mode's tokens, one per role; all `null` means the loopback-only open mode. */
export interface AccessTokens {
  viewer: string | null
  operator: string | null
  admin: string | null
}

export const NO_TOKENS: AccessTokens = { viewer: null, operator: null, admin: null }

export function tokensInForce(tokens: AccessTokens): boolean {
  return tokens.viewer !== null || tokens.operator !== null || tokens.admin !== null
}

/**
 * The role a request acts with, or `null` when it may not proceed. With no token in force
 * (loopback only) everyone is admin. Every role's token is compared, so timing tells nothing
 * about which one matched.
 */
export function requestRole(req: IncomingMessage, url: URL, tokens: AccessTokens): Role | null {
  if (!tokensInForce(tokens)) return 'admin'
  const presented = presentedToken(req, url)
  let role: Role | null = null
  for (const candidate of ['viewer', 'operator', 'admin'] as const) {
    const expected = tokens[candidate]
    if (expected !== null && tokenMatches(presented, expected)) role = candidate
  }
  return role
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Without a token the server relies on being reachable from this machine only. A page on another
 * site can still make the browser talk to 127.0.0.1 through a rebound DNS name, so requests must
 * also *name* the server by a loopback name or its own bound address.
 */
export function isAllowedHost(req: IncomingMessage, boundHost: string, tokenInForce: boolean): boolean {
  if (tokenInForce) return true
  const host = req.headers.host
  if (!host) return false
  let hostname: string
  try {
    hostname = new URL(`http://${host}`).hostname
  } catch {
    return false
  }
  const bound = boundHost.includes(':') ? `[${boundHost}]` : boundHost
  return LOOPBACK_NAMES.has(hostname) || hostname === bound
}

/** A browser's WebSocket carries the page's origin: it must be this server's own. */
export function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin
  if (origin === undefined) return true // not a browser (scripts, tests): the token decides
  try {
    return new URL(origin).host === req.headers.host
  } catch {
    return false
  }
}

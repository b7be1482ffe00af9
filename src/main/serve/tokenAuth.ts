import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

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

/** Whether a request may proceed: always when no token is in force. */
export function isAuthorized(req: IncomingMessage, url: URL, token: string | null): boolean {
  return token === null || tokenMatches(presentedToken(req, url), token)
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Without a token the server relies on being reachable from this machine only. A page on another
 * site can still make the browser talk to 127.0.0.1 through a rebound DNS name, so requests must
 * also *name* the server by a loopback name or its own bound address.
 */
export function isAllowedHost(req: IncomingMessage, boundHost: string, token: string | null): boolean {
  if (token !== null) return true
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

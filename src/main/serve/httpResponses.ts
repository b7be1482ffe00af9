import type { ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { STATUS_CODES } from 'node:http'
import { contentSecurityPolicy } from '@shared/contentSecurityPolicy'

/** The page's one policy (`@shared/contentSecurityPolicy`), sent as a header with HTML. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy()

/** Sent with every response. */
export const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin'
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
  headOnly = false
): void {
  let text: string
  try {
    text = JSON.stringify(body)
  } catch (err) {
    // Too large to serialise (RangeError: Invalid string length) or not serialisable: answer,
    // never let the exception end the process.
    const reason = err instanceof Error ? err.message : String(err)
    text = JSON.stringify({ error: 'the response could not be built', message: reason })
    status = 500
  }
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...extraHeaders
  })
  res.end(headOnly ? undefined : text)
}

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  extraHeaders: Record<string, string> = {}
): void {
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...extraHeaders
  })
  res.end(text)
}

/** Refuses a WebSocket upgrade with a plain HTTP response on the raw socket. */
export function refuseUpgrade(socket: Duplex, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\n' +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      (status === 401 ? 'WWW-Authenticate: Bearer\r\n' : '') +
      '\r\n' +
      text
  )
}

import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import {
  isAllowedHost,
  isSameOrigin,
  NO_TOKENS,
  requestRole,
  presentedToken,
  tokenMatches
} from '../../../src/main/serve/tokenAuth'

/** Only the headers are read; a plain object with them is a faithful request for these functions. */
function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage
}
const url = (path: string): URL => new URL(path, 'http://127.0.0.1:5178')

describe('token', () => {
  it('compares exactly, whatever the lengths', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true)
    expect(tokenMatches('abd', 'abc')).toBe(false)
    expect(tokenMatches('ab', 'abc')).toBe(false)
    expect(tokenMatches('abcd', 'abc')).toBe(false)
    expect(tokenMatches('', 'abc')).toBe(false)
    expect(tokenMatches(null, 'abc')).toBe(false)
  })

  it('reads Authorization: Bearer before ?token=', () => {
    expect(presentedToken(request({ authorization: 'Bearer t1' }), url('/api/stats?token=t2'))).toBe('t1')
    expect(presentedToken(request({ authorization: 'bearer   t1 ' }), url('/'))).toBe('t1')
    expect(presentedToken(request({}), url('/api/stats?token=t%2B2'))).toBe('t+2')
    expect(presentedToken(request({ authorization: 'Basic dXNlcg==' }), url('/'))).toBeNull()
    expect(presentedToken(request({}), url('/'))).toBeNull()
  })

  it('is admin without a token in force, and the role of the token presented with', () => {
    expect(requestRole(request({}), url('/api/stats'), NO_TOKENS)).toBe('admin')
    const operatorOnly = { ...NO_TOKENS, operator: 'k' }
    expect(requestRole(request({}), url('/api/stats'), operatorOnly)).toBeNull()
    expect(requestRole(request({}), url('/api/stats?token=k'), operatorOnly)).toBe('operator')
    const all = { viewer: 'v', operator: 'o', admin: 'a' }
    expect(requestRole(request({}), url('/?token=v'), all)).toBe('viewer')
    expect(requestRole(request({ authorization: 'Bearer o' }), url('/'), all)).toBe('operator')
    expect(requestRole(request({}), url('/?token=a'), all)).toBe('admin')
    expect(requestRole(request({}), url('/?token=x'), all)).toBeNull()
    expect(requestRole(request({}), url('/'), { ...NO_TOKENS, admin: 'a' })).toBeNull()
  })
})

describe('host and origin checks', () => {
  it('accepts loopback names and the bound host when no token is in force', () => {
    for (const host of ['127.0.0.1:5178', 'localhost:5178', '[::1]:5178', 'localhost']) {
      expect(isAllowedHost(request({ host }), '127.0.0.1', false)).toBe(true)
    }
    expect(isAllowedHost(request({ host: '10.1.2.3:5178' }), '10.1.2.3', false)).toBe(true)
    expect(isAllowedHost(request({ host: 'rebound.example:5178' }), '127.0.0.1', false)).toBe(false)
    expect(isAllowedHost(request({}), '127.0.0.1', false)).toBe(false)
    // With a token the token decides.
    expect(isAllowedHost(request({ host: 'desk-3.example:5178' }), '0.0.0.0', true)).toBe(true)
  })

  it('accepts no Origin (non-browser) or the same origin, refuses others', () => {
    expect(isSameOrigin(request({ host: '127.0.0.1:5178' }))).toBe(true)
    expect(isSameOrigin(request({ host: '127.0.0.1:5178', origin: 'http://127.0.0.1:5178' }))).toBe(true)
    expect(isSameOrigin(request({ host: '127.0.0.1:5178', origin: 'http://127.0.0.1:9999' }))).toBe(false)
    expect(isSameOrigin(request({ host: '127.0.0.1:5178', origin: 'https://evil.example' }))).toBe(false)
    expect(isSameOrigin(request({ host: '127.0.0.1:5178', origin: 'null' }))).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { accessToken } from '../../../src/main/serve/serveCommand'

describe('accessToken', () => {
  it('keeps a given token and needs none on loopback', () => {
    expect(accessToken('127.0.0.1', null)).toEqual({ token: null, generated: false })
    expect(accessToken('0.0.0.0', 'mine')).toEqual({ token: 'mine', generated: false })
    expect(accessToken('localhost', 'mine')).toEqual({ token: 'mine', generated: false })
  })

  it('generates a fresh, URL-safe, unguessable token for any other host', () => {
    const a = accessToken('0.0.0.0', null)
    const b = accessToken('10.0.0.5', null)
    expect(a.generated).toBe(true)
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(b.token).not.toBe(a.token)
  })
})

import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '@shared/contentSecurityPolicy'

const directives = (policy: string) => new Map(policy.split('; ').map((d) => [d.split(' ')[0], d]))

describe('contentSecurityPolicy', () => {
  it('allows scripts and connections only from the app itself', () => {
    const p = directives(contentSecurityPolicy())
    expect(p.get('default-src')).toBe("default-src 'none'")
    expect(p.get('script-src')).toBe("script-src 'self'")
    expect(p.get('connect-src')).toBe("connect-src 'self'")
    expect(p.get('frame-ancestors')).toBe("frame-ancestors 'none'")
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-eval|\*/)
  })

  it('adds extra connect sources only when asked, and leaves frame-ancestors out of the meta form', () => {
    expect(directives(contentSecurityPolicy(['ws://localhost:5173'])).get('connect-src')).toBe(
      "connect-src 'self' ws://localhost:5173"
    )
    expect(contentSecurityPolicy([], 'meta')).not.toContain('frame-ancestors')
  })
})

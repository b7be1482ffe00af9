import { describe, expect, it } from 'vitest'
import {
  contentSecurityPolicy,
  withContentSecurityPolicy
} from '../../../../src/main/window/contentSecurityPolicy'

const directives = (policy: string): Map<string, string[]> =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values])
  )

describe('contentSecurityPolicy', () => {
  it('allows scripts only from the app, with no eval and no inline script', () => {
    const policy = directives(contentSecurityPolicy({ kind: 'file', file: '/app/out/renderer/index.html' }))
    expect(policy.get('default-src')).toEqual(["'none'"])
    expect(policy.get('script-src')).toEqual(["'self'"])
    expect(policy.get('connect-src')).toEqual(["'self'"])
    expect(policy.get('object-src')).toEqual(["'none'"])
    expect(policy.get('frame-ancestors')).toEqual(["'none'"])
  })

  it('adds only the dev server HMR socket in dev', () => {
    const policy = directives(contentSecurityPolicy({ kind: 'dev', url: 'http://localhost:5173/' }))
    expect(policy.get('connect-src')).toEqual(["'self'", 'ws://localhost:5173'])
    expect(policy.get('script-src')).toEqual(["'self'"])
  })
})

describe('withContentSecurityPolicy', () => {
  it('replaces any policy the response had, whatever its header case, and keeps other headers', () => {
    const headers = withContentSecurityPolicy(
      {
        'content-security-policy': ['default-src *'],
        'Content-Type': ['text/html'],
        'X-One': 'single' as unknown as string[]
      },
      "default-src 'none'"
    )
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'X-One': ['single'],
      'Content-Security-Policy': ["default-src 'none'"]
    })
  })

  it('works when the response carried no headers (file://)', () => {
    expect(withContentSecurityPolicy(undefined, "default-src 'none'")).toEqual({
      'Content-Security-Policy': ["default-src 'none'"]
    })
  })
})

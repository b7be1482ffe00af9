import { describe, expect, it } from 'vitest'
import { accessTokens } from '../../../src/main/serve/serveCommand'
import { NO_TOKENS } from '../../../src/main/serve/tokenAuth'

describe('accessTokens', () => {
  it('keeps given tokens and needs none on loopback', () => {
    expect(accessTokens('127.0.0.1', NO_TOKENS)).toEqual({ tokens: NO_TOKENS, generated: false })
    const mine = { ...NO_TOKENS, operator: 'mine' }
    expect(accessTokens('0.0.0.0', mine)).toEqual({ tokens: mine, generated: false })
    expect(accessTokens('localhost', mine)).toEqual({ tokens: mine, generated: false })
    // Any role's token counts as access control in force.
    const viewerOnly = { ...NO_TOKENS, viewer: 'wall' }
    expect(accessTokens('0.0.0.0', viewerOnly)).toEqual({ tokens: viewerOnly, generated: false })
  })

  it('generates a fresh, URL-safe, unguessable operator token for any other host', () => {
    const a = accessTokens('0.0.0.0', NO_TOKENS)
    const b = accessTokens('10.0.0.5', NO_TOKENS)
    expect(a.generated).toBe(true)
    expect(a.tokens.operator).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(a.tokens.admin).toBeNull()
    expect(b.tokens.operator).not.toBe(a.tokens.operator)
  })
})

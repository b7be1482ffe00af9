import { describe, expect, it } from 'vitest'
import { proxyAgentFor, proxyFor } from '../../../../src/main/engine/market/proxyAgent'

describe('proxyFor', () => {
  const env = { HTTPS_PROXY: 'http://proxy.corp:3128', HTTP_PROXY: 'http://plain.corp:8080' }

  it('uses HTTPS_PROXY for wss:// and HTTP_PROXY for ws://', () => {
    expect(proxyFor('wss://stream.binance.com:9443/stream', env)).toBe('http://proxy.corp:3128')
    expect(proxyFor('ws://10.0.0.5:9000/ticks', env)).toBe('http://plain.corp:8080')
  })

  it('falls back to HTTP_PROXY for wss:// and accepts lower-case names', () => {
    expect(proxyFor('wss://x.test/', { http_proxy: 'http://p:1' })).toBe('http://p:1')
    expect(proxyFor('wss://x.test/', { https_proxy: 'http://q:2' })).toBe('http://q:2')
  })

  it('goes direct without a proxy variable', () => {
    expect(proxyFor('wss://x.test/', {})).toBeNull()
    expect(proxyFor('ws://x.test/', { HTTPS_PROXY: 'http://p:1' })).toBeNull()
  })

  it('honours NO_PROXY: exact hosts, domain suffixes, ports and *', () => {
    const url = 'wss://ws-feed.exchange.coinbase.com/'
    expect(proxyFor(url, { ...env, NO_PROXY: 'localhost,.coinbase.com' })).toBeNull()
    expect(proxyFor(url, { ...env, NO_PROXY: '*.coinbase.com' })).toBeNull()
    expect(proxyFor(url, { ...env, NO_PROXY: 'ws-feed.exchange.coinbase.com:443' })).toBeNull()
    expect(proxyFor(url, { ...env, NO_PROXY: 'ws-feed.exchange.coinbase.com:8443' })).not.toBeNull()
    expect(proxyFor(url, { ...env, NO_PROXY: 'example.com' })).not.toBeNull()
    expect(proxyFor('ws://127.0.0.1:9/x', { ...env, no_proxy: '127.0.0.1' })).toBeNull()
    expect(proxyFor(url, { ...env, NO_PROXY: '*' })).toBeNull()
  })

  it('builds an agent only when a proxy applies', () => {
    expect(proxyAgentFor('wss://x.test/', {})).toBeUndefined()
    expect(proxyAgentFor('wss://x.test/', env)).toBeDefined()
  })
})

import { describe, expect, it } from 'vitest'
import { isLoopbackHost, isLoopbackUrl } from '@shared/loopback'

describe('isLoopbackHost', () => {
  it('knows loopback from the rest, ignoring brackets and case', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]']) {
      expect(isLoopbackHost(h)).toBe(true)
    }
    for (const h of ['0.0.0.0', '10.0.0.5', '::', 'example.test', '127.0.0.1.example.test', '']) {
      expect(isLoopbackHost(h)).toBe(false)
    }
  })
})

describe('isLoopbackUrl', () => {
  it('reads the host of a URL', () => {
    for (const url of ['ws://127.0.0.1:5178/bridge', 'ws://localhost/bridge', 'ws://[::1]:80/bridge']) {
      expect(isLoopbackUrl(url)).toBe(true)
    }
    for (const url of ['ws://10.0.0.5:5178/bridge', 'wss://wall.example.test/bridge', 'not a url']) {
      expect(isLoopbackUrl(url)).toBe(false)
    }
  })
})

import { describe, expect, it } from 'vitest'
import { isLoopback } from '../../../src/main/serve/serveCommand'

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1'])('%s is loopback', (host) => {
    expect(isLoopback(host)).toBe(true)
  })
  it.each(['0.0.0.0', '10.0.0.5', '::', 'desk-3.example', '127.0.0.1.example', '1127.0.0.1'])(
    '%s is not',
    (host) => {
      expect(isLoopback(host)).toBe(false)
    }
  )
})

import { describe, expect, it } from 'vitest'
import { clockShared } from '@renderer/transport/engineSession'

describe('a shared clock', () => {
  it('one machine is one clock only while the ping/pong measurement agrees', () => {
    expect(clockShared(true, 0.4, 1)).toBe(true)
    expect(clockShared(true, 7_000, 1)).toBe(false)
    expect(clockShared(false, 0, 1)).toBe(false)
  })
})

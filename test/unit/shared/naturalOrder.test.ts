import { describe, expect, it } from 'vitest'
import { naturalOrder } from '@shared/naturalOrder'

describe('naturalOrder', () => {
  it('sorts numbers inside names as numbers', () => {
    expect(['arr#10', 'arr#2', 'arr#100', 'arr#1'].sort(naturalOrder)).toEqual([
      'arr#1',
      'arr#2',
      'arr#10',
      'arr#100'
    ])
    expect(['desk/pump10', 'desk/pump9', 'desk/AAPL'].sort(naturalOrder)).toEqual([
      'desk/AAPL',
      'desk/pump9',
      'desk/pump10'
    ])
  })
})

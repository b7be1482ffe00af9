import { describe, expect, it } from 'vitest'
import { kioskFromQuery } from '@renderer/shell/kiosk'
import { addressWithLayout, layoutFromQuery } from '@renderer/layout/layoutPersistence'

describe('page options from the address', () => {
  it('reads ?kiosk=1 (and true), nothing else', () => {
    expect(kioskFromQuery('?kiosk=1')).toBe(true)
    expect(kioskFromQuery('?view=wall&kiosk=true')).toBe(true)
    expect(kioskFromQuery('?kiosk=0')).toBe(false)
    expect(kioskFromQuery('')).toBe(false)
  })

  it('reads ?layout=<name>, trimmed and bounded', () => {
    expect(layoutFromQuery('?layout=Desk%201')).toBe('Desk 1')
    expect(layoutFromQuery('?layout=%20%20')).toBeNull()
    expect(layoutFromQuery(`?layout=${'x'.repeat(500)}`)).toHaveLength(100)
    expect(layoutFromQuery('?theme=dark')).toBeNull()
  })
  it('puts a saved layout in the address, keeping the rest of it', () => {
    expect(addressWithLayout('http://h/?token=t&view=wall', 'Desk 1')).toBe(
      'http://h/?token=t&view=wall&layout=Desk+1'
    )
    expect(layoutFromQuery(new URL(addressWithLayout('http://h/', 'A&B=C')).search)).toBe('A&B=C')
    expect(addressWithLayout('http://h/?layout=X&kiosk=1', null)).toBe('http://h/?kiosk=1')
  })
})

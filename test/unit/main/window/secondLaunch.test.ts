import { describe, expect, it } from 'vitest'
import { secondLaunch } from '../../../../src/main/window/secondLaunch'

describe('a second launch', () => {
  it('opens a window on the layout it names (packaged and dev argv)', () => {
    expect(secondLaunch(['/opt/Tickwire/tickwire', '--layout', 'Alarms'], true)).toEqual({
      kind: 'open',
      layout: 'Alarms'
    })
    expect(secondLaunch(['electron', '.', '--layout=Desk 2', '--no-sandbox'], false)).toEqual({
      kind: 'open',
      layout: 'Desk 2'
    })
  })

  it('otherwise, or with a command line the parser refuses, only focuses', () => {
    expect(secondLaunch(['/opt/Tickwire/tickwire'], true)).toEqual({ kind: 'focus' })
    expect(secondLaunch(['/opt/Tickwire/tickwire', '--config', 'other.json'], true)).toEqual({
      kind: 'focus'
    })
    expect(secondLaunch(['/opt/Tickwire/tickwire', '--layout', ' padded'], true)).toEqual({ kind: 'focus' })
    expect(secondLaunch(['/opt/Tickwire/tickwire', '--port', 'nope', '--layout', 'A'], true)).toEqual({
      kind: 'focus'
    })
  })
})

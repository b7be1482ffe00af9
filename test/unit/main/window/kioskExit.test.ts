import { describe, expect, it } from 'vitest'
import { isKioskExitInput, kioskExitKeys, type KeyInput } from '../../../../src/main/window/kioskExit'

const key = (change: Partial<KeyInput>): KeyInput => ({
  type: 'keyDown',
  key: 'K',
  code: 'KeyK',
  control: false,
  shift: true,
  alt: true,
  meta: false,
  ...change
})

describe('isKioskExitInput', () => {
  it('is Ctrl+Shift+Alt+K on Windows and Linux', () => {
    for (const platform of ['win32', 'linux'] as const) {
      expect(isKioskExitInput(key({ control: true }), platform)).toBe(true)
      expect(isKioskExitInput(key({ meta: true }), platform)).toBe(false)
    }
  })

  it('is Cmd+Shift+Alt+K on macOS, whatever character Alt makes of the K', () => {
    expect(isKioskExitInput(key({ meta: true, key: '\uf8ff' }), 'darwin')).toBe(true)
    expect(isKioskExitInput(key({ control: true }), 'darwin')).toBe(false)
  })

  it('takes the K by position or by character (other keyboard layouts)', () => {
    expect(isKioskExitInput(key({ control: true, code: 'KeyT', key: 'k' }), 'linux')).toBe(true)
    expect(isKioskExitInput(key({ control: true, code: 'KeyK', key: 't' }), 'linux')).toBe(true)
    expect(isKioskExitInput(key({ control: true, code: 'KeyJ', key: 'J' }), 'linux')).toBe(false)
  })

  it('wants every modifier and no extra one, on the press, not a repeat or the release', () => {
    expect(isKioskExitInput(key({ control: true, shift: false }), 'linux')).toBe(false)
    expect(isKioskExitInput(key({ control: true, alt: false }), 'linux')).toBe(false)
    expect(isKioskExitInput(key({ control: true, meta: true }), 'linux')).toBe(false)
    expect(isKioskExitInput(key({ meta: true, control: true }), 'darwin')).toBe(false)
    expect(isKioskExitInput(key({ control: true, type: 'keyUp' }), 'linux')).toBe(false)
    expect(isKioskExitInput(key({ control: true, isAutoRepeat: true }), 'linux')).toBe(false)
  })
})

describe('kioskExitKeys', () => {
  it('names the combination as each platform writes it', () => {
    expect(kioskExitKeys('darwin')).toBe('Cmd+Shift+Alt+K')
    expect(kioskExitKeys('win32')).toBe('Ctrl+Shift+Alt+K')
    expect(kioskExitKeys('linux')).toBe('Ctrl+Shift+Alt+K')
  })
})

import { describe, expect, it } from 'vitest'
import { RED_DOT_SIZE, redDotBitmap } from '../../../../src/main/tray/redDot'

describe('redDotBitmap', () => {
  const size = RED_DOT_SIZE
  const pixels = redDotBitmap()
  const pixel = (x: number, y: number) => {
    const at = (y * size + x) * 4
    return { b: pixels[at], g: pixels[at + 1], r: pixels[at + 2], a: pixels[at + 3] }
  }

  it('is a BGRA bitmap of the overlay size', () => {
    expect(pixels.length).toBe(size * size * 4)
  })

  it('is red and opaque in the middle, white at the rim, transparent in the corners', () => {
    expect(pixel(8, 8)).toEqual({ b: 0x2b, g: 0x2b, r: 0xe5, a: 255 })
    const rim = pixel(8, 0)
    expect(rim.a).toBeGreaterThan(0)
    expect([rim.g, rim.b]).toEqual([rim.r, rim.r])
    expect(pixel(0, 0)).toEqual({ b: 0, g: 0, r: 0, a: 0 })
  })

  it('is premultiplied: no channel exceeds its alpha', () => {
    for (let i = 0; i < pixels.length; i += 4) {
      expect(Math.max(pixels[i], pixels[i + 1], pixels[i + 2])).toBeLessThanOrEqual(pixels[i + 3])
    }
  })
})

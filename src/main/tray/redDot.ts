/**
 * The Windows taskbar overlay: a red dot with a white rim, drawn into a raw bitmap (no image
 * file, no native module) for `nativeImage.createFromBitmap`. Pixels are BGRA, premultiplied by
 * alpha (Skia's N32 on Windows), the edge anti-aliased over one pixel.
 */

export const RED_DOT_SIZE = 16
const RED = { r: 0xe5, g: 0x2b, b: 0x2b }
const WHITE = { r: 0xff, g: 0xff, b: 0xff }
const RIM = 1.25

export function redDotBitmap(size = RED_DOT_SIZE): Buffer {
  const pixels = Buffer.alloc(size * size * 4)
  const centre = size / 2
  const radius = size / 2 - 0.5
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const distance = Math.hypot(x + 0.5 - centre, y + 0.5 - centre)
      const alpha = Math.min(1, Math.max(0, radius - distance + 0.5))
      if (alpha === 0) continue
      const colour = distance > radius - RIM ? WHITE : RED
      const at = (y * size + x) * 4
      pixels[at] = Math.round(colour.b * alpha)
      pixels[at + 1] = Math.round(colour.g * alpha)
      pixels[at + 2] = Math.round(colour.r * alpha)
      pixels[at + 3] = Math.round(255 * alpha)
    }
  }
  return pixels
}

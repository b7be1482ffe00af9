/**
 * Sizes a canvas's bitmap to `width` × `height` CSS pixels at the screen's pixel ratio (only when
 * it changed: resizing clears it and costs a reallocation) and returns its 2D context, scaled and
 * cleared, ready to draw in CSS pixels; `null` where there is no 2D context.
 */
export function prepareCanvas(
  el: HTMLCanvasElement,
  width: number,
  height: number
): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1
  if (el.width !== Math.round(width * dpr)) el.width = Math.round(width * dpr)
  if (el.height !== Math.round(height * dpr)) el.height = Math.round(height * dpr)
  const ctx = el.getContext('2d')
  if (!ctx) return null
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
  ctx.clearRect(0, 0, width, height)
  return ctx
}

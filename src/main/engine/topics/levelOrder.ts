/**
 * Reading order for topic levels, cheap enough to sort 100,000 of them on the engine's thread:
 * digit runs compare as numbers (`sensor2` before `sensor10`), letters without regard to ASCII
 * case, then the exact code units so the order is total.
 */
export function levelOrder(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const ca = a.charCodeAt(i)
    const cb = b.charCodeAt(j)
    if (isDigit(ca) && isDigit(cb)) {
      let si = i
      let sj = j
      while (si < a.length && a.charCodeAt(si) === 48) si++
      while (sj < b.length && b.charCodeAt(sj) === 48) sj++
      let ei = si
      let ej = sj
      while (ei < a.length && isDigit(a.charCodeAt(ei))) ei++
      while (ej < b.length && isDigit(b.charCodeAt(ej))) ej++
      if (ei - si !== ej - sj) return ei - si - (ej - sj)
      for (let k = 0; k < ei - si; k++) {
        const d = a.charCodeAt(si + k) - b.charCodeAt(sj + k)
        if (d !== 0) return d
      }
      i = ei
      j = ej
      continue
    }
    const fa = foldCase(ca)
    const fb = foldCase(cb)
    if (fa !== fb) return fa - fb
    i++
    j++
  }
  const rest = a.length - i - (b.length - j)
  if (rest !== 0) return rest
  return a < b ? -1 : a > b ? 1 : 0
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

function foldCase(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c
}

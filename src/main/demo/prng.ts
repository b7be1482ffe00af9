/**
 * A small seedable pseudo-random source, so the simulators are reproducible in tests and
 * lively (seeded from the clock) in the demo.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number
  /** Standard normal (mean 0, standard deviation 1). */
  gaussian(): number
  /** Uniform in [min, max). */
  between(min: number, max: number): number
  /** True with probability `p`. */
  chance(p: number): boolean
}

/** mulberry32: tiny, fast and plenty for simulated data (not for anything secret). */
export function createRandom(seed: number = Date.now()): Random {
  let state = seed >>> 0
  let spareGaussian: number | null = null

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }

  const gaussian = (): number => {
    if (spareGaussian !== null) {
      const value = spareGaussian
      spareGaussian = null
      return value
    }
    // Box–Muller; 1 - next() keeps the logarithm's argument in (0, 1].
    const u = 1 - next()
    const v = next()
    const radius = Math.sqrt(-2 * Math.log(u))
    spareGaussian = radius * Math.sin(2 * Math.PI * v)
    return radius * Math.cos(2 * Math.PI * v)
  }

  return {
    next,
    gaussian,
    between: (min, max) => min + (max - min) * next(),
    chance: (p) => next() < p
  }
}

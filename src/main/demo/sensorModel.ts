import type { SensorSpec } from './sensorCatalog'
import type { Random } from './prng'

/** Time constant of the slow drift (an Ornstein–Uhlenbeck process around the nominal value). */
const DRIFT_TAU_SEC = 90
/** Smoothing of the measurement noise, so values wander rather than jump. */
const NOISE_SMOOTHING = 0.35
const EXCURSION_MS: readonly [number, number] = [8_000, 25_000]
/** A dropout lasts this many times the sensor's stale threshold, so it is seen going stale. */
const DROPOUT_STALE_MULTIPLE: readonly [number, number] = [1.6, 2.6]

interface Excursion {
  start: number
  durationMs: number
  /** Added to the value at the excursion's peak. */
  amplitude: number
}

/**
 * One sensor's signal: nominal value + slow drift + smoothed noise, plus now and then an
 * excursion (a smooth bump that crosses warn or alarm and returns) and, for some sensors, a
 * dropout during which nothing is published.
 */
export class SensorModel {
  private drift = 0
  private noise = 0
  private lastTime: number
  private excursion: Excursion | null = null
  private silentUntil = 0
  private readonly driftLimit: number

  constructor(
    readonly spec: SensorSpec,
    private readonly random: Random,
    startTime: number
  ) {
    this.lastTime = startTime
    // Drift and noise alone never reach warn: only excursions do.
    this.driftLimit = 0.6 * (spec.warn - spec.nominal)
  }

  /** Whether an excursion is in progress at `now`. */
  inExcursion(now: number): boolean {
    return this.excursion !== null && now < this.excursion.start + this.excursion.durationMs
  }

  /** The value at `now` (epoch ms), or `null` while the sensor is dropped out. */
  sample(now: number): number | null {
    const { spec, random } = this
    const dtSec = Math.max(now - this.lastTime, 0) / 1_000
    this.lastTime = Math.max(now, this.lastTime)
    const perMin = dtSec / 60

    const decay = Math.exp(-dtSec / DRIFT_TAU_SEC)
    const driftStep = spec.drift * Math.sqrt(1 - decay * decay) * random.gaussian()
    this.drift = clamp(this.drift * decay + driftStep, -this.driftLimit, this.driftLimit)
    this.noise += NOISE_SMOOTHING * (spec.noise * random.gaussian() - this.noise)

    if (!this.inExcursion(now)) {
      this.excursion = null
      if (random.chance(spec.excursionsPerMin * perMin)) this.excursion = this.newExcursion(now)
    }
    if (now >= this.silentUntil && spec.dropoutsPerMin && random.chance(spec.dropoutsPerMin * perMin)) {
      const [lo, hi] = DROPOUT_STALE_MULTIPLE
      this.silentUntil = now + spec.staleAfterMs * random.between(lo, hi)
    }
    if (now < this.silentUntil) return null

    const value = spec.nominal + this.drift + this.noise + this.excursionOffset(now)
    const factor = 10 ** spec.decimals
    return Math.round(clamp(value, spec.min, spec.max) * factor) / factor
  }

  /** Milliseconds until the next sample, ±10 % so sensors do not publish in lockstep. */
  nextDelayMs(): number {
    return (1_000 / this.spec.rateHz) * this.random.between(0.9, 1.1)
  }

  private newExcursion(now: number): Excursion {
    const { spec, random } = this
    // Half the excursions stop between warn and alarm, half go past alarm.
    const peak = random.chance(0.5)
      ? random.between(
          spec.warn + 0.3 * (spec.alarm - spec.warn),
          spec.alarm - 0.1 * (spec.alarm - spec.warn)
        )
      : random.between(spec.alarm + 0.1 * (spec.max - spec.alarm), spec.alarm + 0.5 * (spec.max - spec.alarm))
    return {
      start: now,
      durationMs: random.between(EXCURSION_MS[0], EXCURSION_MS[1]),
      amplitude: peak - spec.nominal
    }
  }

  /** Raised-cosine bump: 0 at both ends, `amplitude` in the middle, smooth throughout. */
  private excursionOffset(now: number): number {
    if (!this.excursion || !this.inExcursion(now)) return 0
    const phase = (now - this.excursion.start) / this.excursion.durationMs
    return this.excursion.amplitude * 0.5 * (1 - Math.cos(2 * Math.PI * phase))
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max)
}

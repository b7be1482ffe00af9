import { RedrawClock } from '../frame/redrawClock'

/**
 * Every gauge's dial or bar: at most ten times a second each and twelve in one frame, so a
 * board's needles cost the same whether it has 20 gauges (each at 10 Hz) or 2,000 (each moving
 * less often); its numbers show every value at the next paint either way.
 */
export const dialClock = new RedrawClock(10, 12)

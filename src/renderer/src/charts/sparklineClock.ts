import { RedrawClock } from '../frame/redrawClock'

/** Every sparkline (ticker rows, big-number gauges): ten times a second each, six a frame. */
export const sparklineClock = new RedrawClock(10, 6)

/** The simulated process plant: what each sensor measures, its range and its thresholds. */

export interface SensorSpec {
  /** `<asset>-<measure>`, unique in the plant. */
  id: string
  /** `plant/<area>/<asset>/<measure>` */
  topic: string
  label: string
  unit: string
  min: number
  max: number
  warn: number
  alarm: number
  /** Where the value sits in normal operation (below `warn`). */
  nominal: number
  /** Standard deviation of the fast measurement noise. */
  noise: number
  /** Standard deviation of the slow drift around `nominal`. */
  drift: number
  decimals: number
  rateHz: number
  staleAfterMs: number
  /** Expected excursions (towards warn or alarm and back) per minute. */
  excursionsPerMin: number
  /** Some field devices (battery radios) drop out now and then for longer than `staleAfterMs`. */
  dropoutsPerMin?: number
}

type Measure = Pick<
  SensorSpec,
  'unit' | 'min' | 'max' | 'warn' | 'alarm' | 'nominal' | 'noise' | 'drift' | 'decimals'
>

const STALE_AFTER_MS = 5_000

function sensor(
  area: string,
  asset: string,
  measure: string,
  label: string,
  m: Measure,
  extra: Partial<Pick<SensorSpec, 'rateHz' | 'excursionsPerMin' | 'dropoutsPerMin'>> = {}
): SensorSpec {
  return {
    id: `${asset}-${measure}`,
    topic: `plant/${area}/${asset}/${measure}`,
    label,
    ...m,
    rateHz: extra.rateHz ?? 2,
    staleAfterMs: STALE_AFTER_MS,
    excursionsPerMin: extra.excursionsPerMin ?? 0.25,
    dropoutsPerMin: extra.dropoutsPerMin
  }
}

const waterTemp: Measure = {
  unit: '°C',
  min: 0,
  max: 120,
  warn: 85,
  alarm: 95,
  nominal: 72,
  noise: 0.15,
  drift: 2,
  decimals: 1
}
const boilerPressure: Measure = {
  unit: 'bar',
  min: 0,
  max: 10,
  warn: 7.5,
  alarm: 8.5,
  nominal: 6.2,
  noise: 0.02,
  drift: 0.2,
  decimals: 2
}
const boilerFlow: Measure = {
  unit: 'm³/h',
  min: 0,
  max: 80,
  warn: 60,
  alarm: 70,
  nominal: 42,
  noise: 0.4,
  drift: 3,
  decimals: 1
}
const pumpVibration: Measure = {
  unit: 'mm/s',
  min: 0,
  max: 15,
  warn: 7.1,
  alarm: 11,
  nominal: 2.8,
  noise: 0.12,
  drift: 0.5,
  decimals: 2
}
const pumpPower: Measure = {
  unit: 'kW',
  min: 0,
  max: 90,
  warn: 70,
  alarm: 80,
  nominal: 45,
  noise: 0.5,
  drift: 4,
  decimals: 1
}
const bearingTemp: Measure = {
  unit: '°C',
  min: 0,
  max: 120,
  warn: 80,
  alarm: 95,
  nominal: 55,
  noise: 0.1,
  drift: 3,
  decimals: 1
}
const tankLevel: Measure = {
  unit: '%',
  min: 0,
  max: 100,
  warn: 85,
  alarm: 95,
  nominal: 55,
  noise: 0.1,
  drift: 8,
  decimals: 1
}
const tankTemp: Measure = {
  unit: '°C',
  min: 0,
  max: 80,
  warn: 50,
  alarm: 60,
  nominal: 24,
  noise: 0.05,
  drift: 2,
  decimals: 1
}

export const PLANT_SENSORS: readonly SensorSpec[] = [
  sensor('boiler', 'b1', 'temp', 'Boiler 1 temperature', waterTemp, { excursionsPerMin: 0.5 }),
  sensor('boiler', 'b1', 'pressure', 'Boiler 1 pressure', boilerPressure, { rateHz: 4 }),
  sensor('boiler', 'b1', 'flow', 'Boiler 1 flow', boilerFlow),
  sensor('boiler', 'b2', 'temp', 'Boiler 2 temperature', { ...waterTemp, nominal: 69 }),
  sensor('boiler', 'b2', 'pressure', 'Boiler 2 pressure', { ...boilerPressure, nominal: 6 }, { rateHz: 4 }),
  sensor('boiler', 'b2', 'flow', 'Boiler 2 flow', { ...boilerFlow, nominal: 38 }),
  sensor('pumps', 'p101', 'vibration', 'Pump P-101 vibration', pumpVibration, {
    rateHz: 5,
    excursionsPerMin: 0.4
  }),
  sensor('pumps', 'p101', 'power', 'Pump P-101 power', pumpPower),
  sensor('pumps', 'p101', 'bearing-temp', 'Pump P-101 bearing', bearingTemp, { rateHz: 1 }),
  sensor(
    'pumps',
    'p102',
    'vibration',
    'Pump P-102 vibration',
    { ...pumpVibration, nominal: 3.2 },
    { rateHz: 5 }
  ),
  sensor('pumps', 'p102', 'power', 'Pump P-102 power', { ...pumpPower, nominal: 48 }),
  sensor(
    'pumps',
    'p102',
    'bearing-temp',
    'Pump P-102 bearing',
    { ...bearingTemp, nominal: 58 },
    { rateHz: 1 }
  ),
  sensor('tanks', 't201', 'level', 'Tank T-201 level', tankLevel, { rateHz: 1 }),
  sensor('tanks', 't201', 'temp', 'Tank T-201 temperature', tankTemp, { rateHz: 1 }),
  sensor(
    'tanks',
    't202',
    'level',
    'Tank T-202 level',
    { ...tankLevel, nominal: 48 },
    { rateHz: 1, dropoutsPerMin: 0.5 }
  ),
  sensor('tanks', 't202', 'temp', 'Tank T-202 temperature', { ...tankTemp, nominal: 27 }, { rateHz: 1 }),
  sensor(
    'air',
    'c301',
    'pressure',
    'Compressor C-301 pressure',
    { unit: 'bar', min: 0, max: 12, warn: 9, alarm: 10.5, nominal: 7, noise: 0.03, drift: 0.3, decimals: 2 },
    { rateHz: 4 }
  ),
  sensor('air', 'c301', 'discharge-temp', 'Compressor C-301 discharge', {
    unit: '°C',
    min: 0,
    max: 150,
    warn: 110,
    alarm: 125,
    nominal: 86,
    noise: 0.2,
    drift: 4,
    decimals: 1
  }),
  sensor(
    'air',
    'c301',
    'vibration',
    'Compressor C-301 vibration',
    { ...pumpVibration, nominal: 3.1 },
    { rateHz: 5 }
  ),
  sensor('air', 'c301', 'power', 'Compressor C-301 power', {
    unit: 'kW',
    min: 0,
    max: 200,
    warn: 160,
    alarm: 180,
    nominal: 112,
    noise: 1,
    drift: 8,
    decimals: 1
  }),
  sensor('cooling', 'ct1', 'supply-temp', 'Cooling tower supply', {
    unit: '°C',
    min: 0,
    max: 50,
    warn: 35,
    alarm: 40,
    nominal: 28,
    noise: 0.05,
    drift: 1,
    decimals: 1
  }),
  sensor('cooling', 'ct1', 'return-temp', 'Cooling tower return', {
    unit: '°C',
    min: 0,
    max: 60,
    warn: 42,
    alarm: 48,
    nominal: 34,
    noise: 0.05,
    drift: 1.2,
    decimals: 1
  }),
  sensor('cooling', 'ct1', 'flow', 'Cooling water flow', {
    unit: 'm³/h',
    min: 0,
    max: 500,
    warn: 420,
    alarm: 460,
    nominal: 320,
    noise: 2,
    drift: 15,
    decimals: 0
  }),
  sensor(
    'cooling',
    'ct1',
    'fan-power',
    'Cooling tower fan',
    { unit: 'kW', min: 0, max: 55, warn: 45, alarm: 50, nominal: 30, noise: 0.3, drift: 3, decimals: 1 },
    { dropoutsPerMin: 0.3 }
  ),
  sensor(
    'electrical',
    'mains',
    'power',
    'Plant power draw',
    {
      unit: 'kW',
      min: 0,
      max: 1_500,
      warn: 1_200,
      alarm: 1_350,
      nominal: 850,
      noise: 5,
      drift: 60,
      decimals: 0
    },
    { rateHz: 3 }
  ),
  sensor(
    'electrical',
    'mains',
    'voltage',
    'Mains voltage L-L',
    { unit: 'V', min: 360, max: 440, warn: 420, alarm: 430, nominal: 401, noise: 0.4, drift: 3, decimals: 1 },
    { rateHz: 3 }
  )
]

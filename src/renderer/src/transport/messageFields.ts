/** Readers of fields in what the engine sends: a wrong type becomes `null` (or 0), never thrown. */
export type Obj = Record<string, unknown>

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
export const numOrNull = (v: unknown): number | null => (isFiniteNumber(v) ? v : null)
export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)
/** A count or size: finite and not negative, else 0. */
export const count = (v: unknown): number => (isFiniteNumber(v) && v >= 0 ? v : 0)

import { z } from 'zod'
import { mqttConnectionShape, sourceId } from './configFields'
import { MAX_SOURCES } from './limits'
import { prefixProblem } from './republish'

/**
 * The configuration's optional `republish` section (issue 13): every normalized tick of the
 * chosen market sources is published to a broker on `<prefix>/<source>/<symbol>` (payload and
 * topics: republish.ts). The broker connection takes the same fields as a `telemetry[]` entry.
 */

export const MIN_REPUBLISH_INTERVAL_MS = 10
export const MAX_REPUBLISH_INTERVAL_MS = 60_000
export const DEFAULT_REPUBLISH_INTERVAL_MS = 100

/** A topic prefix of visible levels, no wildcards, no `$` (also a relayed feed's `prefix`). */
export const topicPrefix = z.string().superRefine((prefix, ctx) => {
  const problem = prefixProblem(prefix)
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem })
})

export const republishSchema = z.strictObject({
  ...mqttConnectionShape,
  /** Topics are `<prefix>/<source>/<symbol>`. */
  prefix: topicPrefix.default('tickwire'),
  qos: z.union([z.literal(0), z.literal(1)], { error: () => 'must be 0 or 1' }).default(0),
  /** Market source ids to republish; absent: every market source. */
  sources: z
    .array(sourceId)
    .min(1, 'must name at least one source (leave it out for all)')
    .max(MAX_SOURCES)
    .optional(),
  /**
   * While the broker pushes back (or is away), only each symbol's latest value is kept and they
   * are sent at most this often.
   */
  intervalMs: z
    .number()
    .int()
    .min(MIN_REPUBLISH_INTERVAL_MS, `must be at least ${MIN_REPUBLISH_INTERVAL_MS} ms`)
    .max(MAX_REPUBLISH_INTERVAL_MS, `must be at most ${MAX_REPUBLISH_INTERVAL_MS} ms`)
    .default(DEFAULT_REPUBLISH_INTERVAL_MS),
  /** Publish retained, so a desk connecting later gets every symbol's latest value at once. */
  retain: z.boolean().default(false)
})
export type RepublishSettings = z.infer<typeof republishSchema>

/** Refuses `sources` entries that are not market sources of the same file (and duplicates). */
export function checkRepublishSources(
  republish: RepublishSettings | undefined,
  market: readonly { id: string }[],
  ctx: z.RefinementCtx
): void {
  if (republish?.sources === undefined) return
  const known = new Set(market.map((m) => m.id))
  const seen = new Set<string>()
  republish.sources.forEach((id, i) => {
    const path = ['republish', 'sources', i]
    if (!known.has(id))
      ctx.addIssue({ code: 'custom', message: `"${id}" is not a market source of this file`, path })
    else if (seen.has(id)) ctx.addIssue({ code: 'custom', message: `"${id}" is listed twice`, path })
    seen.add(id)
  })
}

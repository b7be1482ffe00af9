import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SnapshotPayload, StatsPayload } from '@shared/model'
import { sendJson } from './httpResponses'

/** What `/api/*` needs from the engine. */
export interface ApiEngine {
  snapshot(): SnapshotPayload
  stats(): StatsPayload
  /** The alarm journal's file and last write failure; `null` when alarms are not journaled. */
  alarmJournalStatus?(): { path: string; lastError: string | null; pending: number } | null
}

const ROUTES: Readonly<Record<string, (engine: ApiEngine) => unknown>> = {
  '/api/snapshot': (engine) => engine.snapshot(),
  // Additive: `alarmJournal` appears when a state directory keeps a journal.
  '/api/stats': (engine) => {
    const journal = engine.alarmJournalStatus?.() ?? null
    return journal === null ? engine.stats() : { ...engine.stats(), alarmJournal: journal }
  }
}

/** `GET /api/snapshot`, `GET /api/stats`; the caller has already checked the token. */
export function handleApi(
  engine: ApiEngine,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string
): void {
  const route = Object.hasOwn(ROUTES, pathname) ? ROUTES[pathname] : undefined
  if (!route) {
    sendJson(res, 404, { error: 'not found', path: pathname })
    return
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { error: 'method not allowed', allow: ['GET', 'HEAD'] }, { Allow: 'GET, HEAD' })
    return
  }
  let body: unknown
  try {
    body = route(engine)
  } catch (err) {
    sendJson(res, 500, { error: 'engine error', message: err instanceof Error ? err.message : String(err) })
    return
  }
  sendJson(res, 200, body, {}, req.method === 'HEAD')
}

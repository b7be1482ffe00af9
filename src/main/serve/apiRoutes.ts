import type { IncomingMessage, ServerResponse } from 'node:http'
import type { SnapshotPayload, StatsPayload } from '@shared/model'
import { sendJson } from './httpResponses'
import { handleHistory, type HistoryAnswerer } from './historyRoute'

/** What `/api/*` needs from the engine. */
export interface ApiEngine {
  snapshot(): SnapshotPayload
  stats(): StatsPayload
  /** The alarm journal's file and last write failure; `null` when alarms are not journaled. */
  alarmJournalStatus?(): { path: string; lastError: string | null; pending: number } | null
  /** `GET /api/history`. */
  readonly history?: HistoryAnswerer
}

const ROUTES: Readonly<Record<string, (engine: ApiEngine) => unknown>> = {
  '/api/snapshot': (engine) => engine.snapshot(),
  // Additive: `alarmJournal` appears when a state directory keeps a journal.
  '/api/stats': (engine) => {
    const journal = engine.alarmJournalStatus?.() ?? null
    return journal === null ? engine.stats() : { ...engine.stats(), alarmJournal: journal }
  }
}

/** `GET /api/snapshot`, `/api/stats`, `/api/history`; the caller has already checked the token. */
export function handleApi(engine: ApiEngine, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const { pathname } = url
  const history = engine.history
  const answer =
    pathname === '/api/history' && history !== undefined
      ? () => handleHistory(history, url.searchParams, res, req.method === 'HEAD')
      : Object.hasOwn(ROUTES, pathname)
        ? () => sendJson(res, 200, ROUTES[pathname](engine), {}, req.method === 'HEAD')
        : null
  if (answer === null) {
    sendJson(res, 404, { error: 'not found', path: pathname })
    return
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { error: 'method not allowed', allow: ['GET', 'HEAD'] }, { Allow: 'GET, HEAD' })
    return
  }
  try {
    answer()
  } catch (err) {
    if (res.headersSent) res.destroy()
    else
      sendJson(res, 500, { error: 'engine error', message: err instanceof Error ? err.message : String(err) })
  }
}

import type { ServerResponse } from 'node:http'
import { HISTORY_RESOLUTIONS, type HistoryRequest, type HistoryResolution } from '@shared/history'
import { exportFileName, seriesCsv } from '@shared/csvExport'
import { MAX_SENSOR_KEY_LENGTH } from '@shared/limits'
import type { HistoryAnswer } from '../engine/history/historyRequest'
import { COMMON_HEADERS, sendJson } from './httpResponses'

/** What `GET /api/history` needs from the engine. */
export interface HistoryAnswerer {
  answer(request: HistoryRequest): HistoryAnswer
}

const EPOCH_MS = /^\d{1,16}(?:\.\d{1,6})?$/
const MAX_EPOCH_MS = 8.64e15

/**
 * `GET /api/history?key=<key>&from=<ms>&to=<ms>[&resolution=raw|1s|1m][&format=json|csv]`: a bad
 * parameter is a 400 naming it, a key nobody knows a 404, both with a JSON error.
 */
export function handleHistory(
  history: HistoryAnswerer,
  params: URLSearchParams,
  res: ServerResponse,
  headOnly: boolean
): void {
  const parsed = parseHistoryParams(params)
  if (typeof parsed === 'string') {
    sendJson(res, 400, { error: parsed })
    return
  }
  const answer = history.answer(parsed.request)
  if (!answer.ok) {
    sendJson(res, answer.status, { error: answer.error, key: parsed.request.key })
    return
  }
  const series = answer.series
  if (parsed.format === 'json') {
    // The contract's shape: the band is the chart's (the `history` command), not the API's.
    const { band: _band, ...body } = series
    sendJson(res, 200, body, {}, headOnly)
    return
  }
  const text = seriesCsv(series)
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Content-Disposition': `attachment; filename="${exportFileName(series.key, 'csv')}"`,
    'Cache-Control': 'no-store'
  })
  res.end(headOnly ? undefined : text)
}

export function parseHistoryParams(
  params: URLSearchParams
): { request: HistoryRequest; format: 'json' | 'csv' } | string {
  for (const name of params.keys()) {
    if (!['key', 'from', 'to', 'resolution', 'format', 'token'].includes(name))
      return `unknown parameter "${name.slice(0, 40)}"`
  }
  for (const name of ['key', 'from', 'to', 'resolution', 'format'])
    if (params.getAll(name).length > 1) return `"${name}" is given more than once`
  const key = params.get('key')
  if (key === null || key === '') return '"key" is required'
  if (key.length > MAX_SENSOR_KEY_LENGTH) return `"key" is longer than ${MAX_SENSOR_KEY_LENGTH} characters`
  const request: HistoryRequest = { key }
  for (const name of ['from', 'to'] as const) {
    const text = params.get(name)
    if (text === null) continue
    const ms = Number(text)
    // The largest time a date can hold: beyond it no ISO time can be written for it.
    if (!EPOCH_MS.test(text) || ms > MAX_EPOCH_MS) return `"${name}" must be epoch milliseconds`
    request[name] = ms
  }
  const resolution = params.get('resolution')
  if (resolution !== null) {
    if (!(HISTORY_RESOLUTIONS as readonly string[]).includes(resolution))
      return `"resolution" must be one of ${HISTORY_RESOLUTIONS.join(', ')}`
    request.resolution = resolution as HistoryResolution
  }
  const format = params.get('format') ?? 'json'
  if (format !== 'json' && format !== 'csv') return '"format" must be json or csv'
  return { request, format }
}

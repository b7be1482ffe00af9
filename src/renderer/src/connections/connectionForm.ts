import { EXCHANGE_URLS, type MarketAdapterName } from '@shared/marketAdapters'
import type { ConnectionEntry } from '@shared/connections/connectionModel'
import type { SourceKind } from '@shared/model'

/**
 * The add/edit form as plain strings and booleans (what the inputs hold), and its conversion to
 * and from configuration-file form. The engine checks the result with the file's own schema; here
 * only what the form itself must get right (numbers are numbers, one entry per line).
 */
export interface SubscriptionRow {
  topic: string
  qos: '0' | '1' | '2'
}

export interface ConnectionForm {
  kind: SourceKind
  id: string
  url: string
  // market
  adapter: MarketAdapterName
  symbols: string
  mapping: Record<'symbol' | 'price' | 'bid' | 'ask' | 'volume' | 'time', string>
  timeUnit: string
  subscribe: string
  /** One `Name: value` per line; a set header the user did not retype shows only its name. */
  headers: string
  /** `auth`: the token (secret), its query parameter, the login message and its acknowledgement. */
  authToken: string
  authQueryParam: string
  loginMessage: string
  loginAckPath: string
  loginAckValue: string
  // a collector's fan-out (`tickwire`): its topic prefix, source id and QoS; the broker fields below
  prefix: string
  relaySource: string
  relayQos: '0' | '1'
  // telemetry
  protocolVersion: '5' | '4'
  username: string
  password: string
  clientId: string
  clean: boolean
  /** Tickwire may publish on it (the Publish panel, Sparkplug Rebirth requests). */
  publish: boolean
  sessionExpirySec: string
  keepaliveSec: string
  subscriptions: SubscriptionRow[]
  tlsCa: string
  tlsCert: string
  tlsKey: string
  tlsServername: string
  tlsVerify: boolean
  willTopic: string
  willPayload: string
  /** Secret fields stored for the connection being edited (their values never come here). */
  storedSecrets: string[]
}

export const MAPPING_FIELDS = ['symbol', 'price', 'bid', 'ask', 'volume', 'time'] as const

export function emptyForm(kind: SourceKind): ConnectionForm {
  return {
    kind,
    id: '',
    url: kind === 'market' ? EXCHANGE_URLS.binance : DEFAULT_BROKER_URL,
    adapter: 'binance',
    symbols: '',
    mapping: { symbol: '', price: '', bid: '', ask: '', volume: '', time: '' },
    timeUnit: 'ms',
    subscribe: '',
    headers: '',
    authToken: '',
    authQueryParam: '',
    loginMessage: '',
    loginAckPath: '',
    loginAckValue: '',
    prefix: 'tickwire',
    relaySource: '',
    relayQos: '0',
    protocolVersion: '5',
    username: '',
    password: '',
    clientId: '',
    clean: true,
    publish: false,
    sessionExpirySec: '',
    keepaliveSec: '30',
    subscriptions: [{ topic: '#', qos: '0' }],
    tlsCa: '',
    tlsCert: '',
    tlsKey: '',
    tlsServername: '',
    tlsVerify: true,
    willTopic: '',
    willPayload: '',
    storedSecrets: []
  }
}

/** Where a collector's fan-out is read from when no broker was typed yet. */
export const DEFAULT_BROKER_URL = 'mqtt://127.0.0.1:1883'

/** The exchange's documented URL when the adapter changes and the URL was still a default. */
export function defaultUrlFor(adapter: MarketAdapterName, current: string): string {
  const defaults = [...Object.values(EXCHANGE_URLS), DEFAULT_BROKER_URL] as string[]
  const untouched = current === '' || defaults.includes(current)
  if (adapter === 'json') return defaults.includes(current) ? '' : current
  if (adapter === 'tickwire') return untouched ? DEFAULT_BROKER_URL : current
  return untouched ? EXCHANGE_URLS[adapter] : current
}

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '')
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {}

/** A listed connection as the form shows it (`copy`: a duplicate, with a new id and no secrets). */
export function formFromEntry(entry: ConnectionEntry, copy = false): ConnectionForm {
  const c = entry.config
  const form = emptyForm(entry.kind)
  form.id = copy ? `${entry.id}-copy` : entry.id
  form.url = str(c.url)
  form.storedSecrets = copy ? [] : Object.keys(entry.secrets)
  if (entry.kind === 'market') {
    form.adapter = (str(c.adapter) || 'json') as MarketAdapterName
    form.symbols = Array.isArray(c.symbols) ? c.symbols.map(str).join('\n') : ''
    const mapping = obj(c.mapping)
    for (const f of MAPPING_FIELDS) form.mapping[f] = str(mapping[f])
    form.timeUnit = str(mapping.timeUnit) || 'ms'
    form.subscribe = c.subscribe === undefined ? '' : JSON.stringify(c.subscribe)
    const names = Array.isArray(c.headerNames) ? c.headerNames.map(str) : []
    form.headers = copy ? '' : names.map((n) => `${n}:`).join('\n')
    const auth = obj(c.auth)
    form.authQueryParam = str(auth.queryParam)
    const login = obj(auth.login)
    form.loginMessage = auth.login === undefined ? '' : JSON.stringify(login.message)
    form.loginAckPath = str(login.ackPath)
    form.loginAckValue = login.ackValue === undefined ? '' : String(login.ackValue)
    if (form.adapter === 'tickwire') {
      form.prefix = str(c.prefix) || 'tickwire'
      form.relaySource = str(c.source)
      form.relayQos = c.qos === 1 ? '1' : '0'
      brokerFromEntry(form, c, copy)
    }
  } else {
    brokerFromEntry(form, c, copy)
    form.clean = c.clean !== false
    form.publish = c.publish === true
    form.sessionExpirySec = str(c.sessionExpirySec)
    const subs = Array.isArray(c.subscriptions) ? c.subscriptions.map(obj) : []
    form.subscriptions = subs.map((s) => ({
      topic: str(s.topic),
      qos: (['0', '1', '2'].includes(str(s.qos)) ? str(s.qos) : '0') as SubscriptionRow['qos']
    }))
    const will = obj(c.will)
    form.willTopic = str(will.topic)
    form.willPayload = str(will.payload)
  }
  return form
}

/** The broker connection's fields (a telemetry entry, or a collector's fan-out). */
function brokerFromEntry(form: ConnectionForm, c: Record<string, unknown>, copy: boolean): void {
  form.protocolVersion = c.protocolVersion === 4 ? '4' : '5'
  form.username = str(c.username)
  form.clientId = copy ? '' : str(c.clientId)
  form.keepaliveSec = str(c.keepaliveSec) || '30'
  const tls = obj(c.tls)
  form.tlsCa = str(tls.ca)
  form.tlsCert = str(tls.cert)
  form.tlsKey = str(tls.key)
  form.tlsServername = str(tls.servername)
  form.tlsVerify = tls.rejectUnauthorized !== false
}

export interface FormPayload {
  kind: SourceKind
  config: Record<string, unknown>
  /** Stored secret fields the edit leaves as they are (left empty in the form). */
  keep: string[]
}

const lines = (text: string): string[] =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')

/** The configuration entry the form describes, or the first field it cannot express. */
export function payloadFromForm(form: ConnectionForm): FormPayload | { field: string; error: string } {
  const config: Record<string, unknown> = { id: form.id.trim(), url: form.url.trim() }
  // The URL's stored password and secret query values stay unless the user typed new ones.
  const keep: string[] = form.storedSecrets.filter((s) => s.startsWith('url.'))
  if (form.kind === 'market' && form.adapter === 'tickwire') {
    config.adapter = form.adapter
    config.symbols = lines(form.symbols)
    config.prefix = form.prefix.trim()
    if (form.relaySource.trim() !== '') config.source = form.relaySource.trim()
    config.qos = Number(form.relayQos)
    const broker = brokerToConfig(form, config, keep)
    if (broker !== null) return broker
  } else if (form.kind === 'market') {
    config.adapter = form.adapter
    config.symbols = lines(form.symbols)
    if (form.adapter === 'json') {
      const mapping: Record<string, string> = {}
      for (const f of MAPPING_FIELDS) if (form.mapping[f].trim() !== '') mapping[f] = form.mapping[f].trim()
      mapping.timeUnit = form.timeUnit
      config.mapping = mapping
      if (form.subscribe.trim() !== '') {
        try {
          config.subscribe = JSON.parse(form.subscribe) as unknown
        } catch {
          return {
            field: 'subscribe',
            error: 'must be JSON, e.g. {"op":"subscribe","symbols":"{{symbols}}"}'
          }
        }
      }
    }
    const headers: Record<string, string> = {}
    for (const line of lines(form.headers)) {
      const colon = line.indexOf(':')
      if (colon <= 0) return { field: 'headers', error: `"${line.slice(0, 40)}" is not "Name: value"` }
      const name = line.slice(0, colon).trim()
      const value = line.slice(colon + 1).trim()
      if (value === '' && form.storedSecrets.includes(`headers.${name}`)) keep.push(`headers.${name}`)
      else if (value === '') return { field: 'headers', error: `header ${name} has no value` }
      else
        Object.defineProperty(headers, name, { value, enumerable: true, writable: true, configurable: true })
    }
    if (Object.keys(headers).length > 0) config.headers = headers
    const auth = authFromForm(form, keep)
    if ('error' in auth) return auth
    if (auth.auth !== null) config.auth = auth.auth
  } else {
    const broker = brokerToConfig(form, config, keep)
    if (broker !== null) return broker
    config.clean = form.clean
    if (form.publish) config.publish = true
    const expiry = wholeNumber('sessionExpirySec', form.sessionExpirySec)
    if (typeof expiry === 'object') return expiry
    if (expiry !== undefined) config.sessionExpirySec = expiry
    const subscriptions = form.subscriptions
      .filter((s) => s.topic.trim() !== '')
      .map((s) => ({ topic: s.topic.trim(), qos: Number(s.qos) }))
    config.subscriptions = subscriptions
    if (form.willTopic.trim() !== '')
      config.will = { topic: form.willTopic.trim(), payload: form.willPayload }
  }
  return { kind: form.kind, config, keep }
}

type FieldProblem = { field: string; error: string }

/** A whole number typed into `field`; `undefined` when left empty. */
function wholeNumber(field: string, text: string): number | FieldProblem | undefined {
  if (text.trim() === '') return undefined
  const n = Number(text)
  return Number.isFinite(n) && Number.isInteger(n) && n >= 0 ? n : { field, error: 'must be a whole number' }
}

/**
 * The broker connection's fields into `config` (protocol, credentials, client id, keepalive, TLS),
 * shared by a telemetry entry and a collector's fan-out; the first field it cannot express, or null.
 */
function brokerToConfig(
  form: ConnectionForm,
  config: Record<string, unknown>,
  keep: string[]
): FieldProblem | null {
  config.protocolVersion = Number(form.protocolVersion)
  if (form.username.trim() !== '') config.username = form.username.trim()
  if (form.password !== '') config.password = form.password
  else if (form.storedSecrets.includes('password')) keep.push('password')
  if (form.clientId.trim() !== '') config.clientId = form.clientId.trim()
  const keepalive = wholeNumber('keepaliveSec', form.keepaliveSec)
  if (typeof keepalive === 'object') return keepalive
  if (keepalive !== undefined) config.keepaliveSec = keepalive
  const tls: Record<string, unknown> = {}
  if (form.tlsCa.trim() !== '') tls.ca = form.tlsCa.trim()
  if (form.tlsCert.trim() !== '') tls.cert = form.tlsCert.trim()
  if (form.tlsKey.trim() !== '') tls.key = form.tlsKey.trim()
  if (form.tlsServername.trim() !== '') tls.servername = form.tlsServername.trim()
  if (!form.tlsVerify) tls.rejectUnauthorized = false
  if (Object.keys(tls).length > 0) config.tls = tls
  return null
}

/** The `auth` entry (token, query parameter, login) or the field it cannot express. */
function authFromForm(
  form: ConnectionForm,
  keep: string[]
): { auth: Record<string, unknown> | null } | { field: string; error: string } {
  const tokenStored = form.storedSecrets.includes('auth.token')
  const wanted =
    form.authToken !== '' ||
    tokenStored ||
    form.authQueryParam.trim() !== '' ||
    form.loginMessage.trim() !== ''
  if (!wanted) return { auth: null }
  const auth: Record<string, unknown> = {}
  if (form.authToken !== '') auth.token = form.authToken
  else if (tokenStored) keep.push('auth.token')
  else return { field: 'auth.token', error: 'a token is needed for the query parameter or the login' }
  if (form.authQueryParam.trim() !== '') auth.queryParam = form.authQueryParam.trim()
  if (form.loginMessage.trim() !== '') {
    let message: unknown
    try {
      message = JSON.parse(form.loginMessage)
    } catch {
      return { field: 'auth.login.message', error: 'must be JSON, e.g. {"op":"login","token":"{{token}}"}' }
    }
    if (form.loginAckPath.trim() === '')
      return { field: 'auth.login.ackPath', error: 'which field acknowledges the login?' }
    const raw = form.loginAckValue.trim()
    const ackValue =
      raw === 'true'
        ? true
        : raw === 'false'
          ? false
          : raw !== '' && Number.isFinite(Number(raw))
            ? Number(raw)
            : raw
    auth.login = { message, ackPath: form.loginAckPath.trim(), ackValue }
  }
  return { auth }
}

/**
 * Leaf paths of a sample JSON message, for picking a mapping by clicking: `data.s` → `"AAPL"`.
 * Bounded: at most 200 leaves, 6 levels, arrays by their first element (`data.0.s`); a message
 * that is itself a list is read as its first element.
 */
export function samplePaths(text: string): { path: string; value: string }[] {
  let root: unknown
  try {
    root = JSON.parse(text)
  } catch {
    return []
  }
  const out: { path: string; value: string }[] = []
  const walk = (node: unknown, path: string[], depth: number): void => {
    if (out.length >= 200 || depth > 6) return
    if (Array.isArray(node)) {
      if (node.length > 0) walk(node[0], [...path, '0'], depth + 1)
      return
    }
    if (typeof node === 'object' && node !== null) {
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k], depth + 1)
      return
    }
    if (path.length > 0) out.push({ path: path.join('.'), value: JSON.stringify(node).slice(0, 60) })
  }
  // A feed that sends a list of updates is mapped per element: the paths start inside it.
  walk(Array.isArray(root) ? root[0] : root, [], 0)
  return out
}

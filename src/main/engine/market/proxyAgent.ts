import type { Agent } from 'node:http'
import { HttpsProxyAgent } from 'https-proxy-agent'

/**
 * The proxy for a feed URL from the standard environment variables, as desks sit behind proxies:
 * `wss://` uses HTTPS_PROXY (then HTTP_PROXY), `ws://` uses HTTP_PROXY; NO_PROXY lists hosts
 * (suffixes, `*` for all) that go direct. Lower-case names work too. The tunnel is HTTP CONNECT.
 */
export function proxyFor(url: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const target = new URL(url)
  const read = (name: string): string | undefined => env[name] ?? env[name.toLowerCase()]
  const proxy = target.protocol === 'wss:' ? (read('HTTPS_PROXY') ?? read('HTTP_PROXY')) : read('HTTP_PROXY')
  if (proxy === undefined || proxy.trim() === '') return null
  if (bypassed(target, read('NO_PROXY') ?? '')) return null
  return proxy.trim()
}

function bypassed(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const port = target.port || (target.protocol === 'wss:' ? '443' : '80')
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase()
    if (entry === '') continue
    if (entry === '*') return true
    const [name, entryPort] = entry.replace(/^\*?\./, '.').split(':')
    if (entryPort !== undefined && entryPort !== port) continue
    if (name.startsWith('.') ? host.endsWith(name) || host === name.slice(1) : host === name) return true
  }
  return false
}

export function proxyAgentFor(url: string, env: NodeJS.ProcessEnv = process.env): Agent | undefined {
  const proxy = proxyFor(url, env)
  return proxy === null ? undefined : new HttpsProxyAgent(proxy)
}

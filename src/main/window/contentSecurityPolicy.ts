import { contentSecurityPolicy as sharedPolicy } from '@shared/contentSecurityPolicy'
import type { AppEntry } from './appEntry'

/** The shared policy for the app's window; in dev, the dev server's HMR socket is also allowed. */
export function contentSecurityPolicy(entry: AppEntry): string {
  return sharedPolicy(entry.kind === 'dev' ? [new URL(entry.url).origin.replace(/^http/, 'ws')] : [])
}

export type ResponseHeaders = Record<string, string[]>

/** Replaces any policy the response carried (header names are case-insensitive) with ours. */
export function withContentSecurityPolicy(
  headers: Record<string, string | string[]> | undefined,
  policy: string
): ResponseHeaders {
  const out: ResponseHeaders = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue
    out[name] = Array.isArray(value) ? value : [value]
  }
  out['Content-Security-Policy'] = [policy]
  return out
}

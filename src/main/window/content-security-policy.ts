import type { AppEntry } from './app-entry'

/**
 * The Content-Security-Policy sent with the app's own pages (the renderer's index.html carries
 * the same policy in a meta tag, because header delivery for file:// is not guaranteed).
 * Scripts only from the app itself; no eval, no remote content, no frames, no plugins.
 * `style-src 'unsafe-inline'` stays because Vite injects <style> in dev and Vue may in builds.
 */
export function contentSecurityPolicy(entry: AppEntry): string {
  // The dev server's HMR socket is the only extra connection ever allowed, and only in dev.
  const hmr = entry.kind === 'dev' ? ` ${new URL(entry.url).origin.replace(/^http/, 'ws')}` : ''
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${hmr}`,
    "worker-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'"
  ].join('; ')
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

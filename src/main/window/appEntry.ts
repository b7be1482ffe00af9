import { pathToFileURL } from 'node:url'

/**
 * Where the window's page comes from, and which URLs therefore count as "our app": the built
 * `index.html` on disk, or electron-vite's dev server during `npm run dev`. Navigation, IPC sender
 * checks and the CSP all decide from this one value.
 */
export type AppEntry = { kind: 'file'; file: string } | { kind: 'dev'; url: string }

/** `ELECTRON_RENDERER_URL` is set by `electron-vite dev` only; anything but http(s) is ignored. */
export function resolveAppEntry(devServerUrl: string | undefined, builtIndexHtml: string): AppEntry {
  if (devServerUrl !== undefined && devServerUrl !== '') {
    const url = parseUrl(devServerUrl)
    if (url !== null && (url.protocol === 'http:' || url.protocol === 'https:')) {
      return { kind: 'dev', url: url.href }
    }
  }
  return { kind: 'file', file: builtIndexHtml }
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text)
  } catch {
    return null
  }
}

/**
 * True when `url` is the app's own page: the same file (any query or hash), or any path on the
 * dev server's origin (Vite serves modules from many paths).
 */
export function isAppUrl(url: string, entry: AppEntry): boolean {
  const candidate = parseUrl(url)
  if (candidate === null) return false
  if (entry.kind === 'dev') return candidate.origin === new URL(entry.url).origin
  const own = pathToFileURL(entry.file)
  return candidate.protocol === 'file:' && candidate.host === own.host && candidate.pathname === own.pathname
}

/** Links the page may hand to the system browser: http(s) only, never file:, javascript: or custom schemes. */
export function isExternalLinkAllowed(url: string): boolean {
  const candidate = parseUrl(url)
  return (
    candidate !== null &&
    (candidate.protocol === 'https:' || candidate.protocol === 'http:') &&
    candidate.host !== ''
  )
}

/** The one permission the page may have: desktop notifications for alarms. */
export function isPermissionAllowed(permission: string): boolean {
  return permission === 'notifications'
}

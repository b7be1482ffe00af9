/**
 * The one Content-Security-Policy for Tickwire's page, wherever it is served: the Electron
 * session's header, browser mode's header and the page's own meta tag (the build writes it in).
 * Scripts only from the app itself; no eval, no remote content, no frames, no plugins. The
 * engine link is same-origin (`'self'` covers the bridge's ws:/wss: in CSP Level 3 browsers).
 * `style-src 'unsafe-inline'` stays because Vite injects <style> in dev and Vue sets style
 * attributes.
 */
export function contentSecurityPolicy(
  extraConnectSources: readonly string[] = [],
  delivery: 'header' | 'meta' = 'header'
): string {
  const directives = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    ["connect-src 'self'", ...extraConnectSources].join(' '),
    "worker-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'"
  ]
  // Browsers ignore frame-ancestors in a meta tag and log an error for it.
  return (delivery === 'meta' ? directives.filter((d) => !d.startsWith('frame-ancestors')) : directives).join(
    '; '
  )
}

/** Placeholder in the renderer's index.html that the build replaces with the policy. */
export const CSP_PLACEHOLDER = '%TICKWIRE_CSP%'

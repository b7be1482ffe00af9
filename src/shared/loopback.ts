/**
 * Whether a host name or address is this machine's loopback (`localhost`, 127.0.0.0/8, `::1`;
 * brackets and case ignored). One definition for browser mode's token rule, the CLI and the view's
 * clock handling.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h)
}

/** Whether a URL points at this machine's loopback; `false` for anything unparsable. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname)
  } catch {
    return false
  }
}

/** Query parameters whose values are secrets (API keys, tokens, signatures) in feed URLs. */
const SECRET_PARAM = /key|token|secret|pass|sig|auth|credential/i

/**
 * The URL as shown in stats and on screen: user name and password removed, and the values of
 * secret-looking query parameters (`?apikey=…`, `?token=…`) replaced by `***`.
 */
export function stripCredentials(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.username = ''
    parsed.password = ''
    for (const name of [...parsed.searchParams.keys()]) {
      if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, '***')
    }
    return parsed.toString()
  } catch {
    return url
  }
}

import type { TestResult } from '@shared/connections/connectionTest'

/**
 * Sorts a connection failure (an error code or a message from Node, ws or MQTT.js) into the
 * verdict classes a user acts on differently: fix the name, the port, the credentials, the
 * certificate, or the protocol.
 */
export function failureClass(code: string | number | undefined, message: string): TestResult {
  const text = `${code ?? ''} ${message}`
  if (/ENOTFOUND|EAI_AGAIN|EAI_NONAME|getaddrinfo/i.test(text)) return 'dns'
  if (/ECONNREFUSED/.test(text)) return 'refused'
  if (
    /authentication refused|HTTP 40[13]|not authori[sz]ed|bad user ?name or password|Bad username/i.test(text)
  )
    return 'auth'
  if (
    /certificate|self[- ]signed|altname|CERT_|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|SSL routines|wrong version number/i.test(
      text
    )
  )
    return 'tls'
  if (/ETIMEDOUT|timed out|timeout/i.test(text)) return 'timeout'
  return 'protocol'
}

/** What to tell the user for a failure of class `result`, with the underlying message. */
export function failureSentence(result: TestResult, detail: string): string {
  switch (result) {
    case 'dns':
      return `Host not found: ${detail}`
    case 'refused':
      return `Connection refused (nothing listens on that port): ${detail}`
    case 'auth':
      return `Authentication refused: ${detail}`
    case 'tls':
      return `TLS certificate not accepted (untrusted or wrong name): ${detail}`
    case 'timeout':
      return `Timed out: ${detail}`
    case 'protocol':
      return `Protocol mismatch (is this the right URL and protocol?): ${detail}`
    case 'ok':
      return detail
  }
}

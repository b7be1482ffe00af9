import { showInvisible } from './visibleText'

/** A refused configuration: one line naming the file and the JSON path of the bad field. */
export class ConfigError extends Error {
  readonly file: string
  readonly jsonPath: string
  readonly reason: string

  /**
   * Each part quotes outside text (a key, JSON.parse's excerpt, a file name): control, bidi and
   * invisible characters are written out, so the message stays one honest line.
   */
  constructor(file: string, jsonPath: string, reason: string) {
    const [shownFile, shownPath, shownReason] = [file, jsonPath, reason].map(showInvisible)
    super(`${shownFile}: ${shownPath}: ${shownReason}`)
    this.name = 'ConfigError'
    this.file = file
    this.jsonPath = shownPath
    this.reason = shownReason
  }
}

/** `["market", 0, "url"]` → `$.market[0].url` */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  let out = '$'
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += `.${part}`
    else out += `[${JSON.stringify(String(part))}]`
  }
  return out
}

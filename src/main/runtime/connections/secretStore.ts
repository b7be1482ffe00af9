import { chmodSync, statSync } from 'node:fs'
import { JsonStateFile, type StateStoreOptions } from '../jsonStateFile'
import type { SecretCipher } from './secretCipher'
import type { SecretValues } from './connectionSecrets'

export const SECRETS_FILE = 'secrets.json'

/** Most secret fields one connection may hold (a password and handshake headers). */
const MAX_FIELDS = 40
const MAX_STORED_LENGTH = 64 * 1024

interface StoredSecrets {
  scheme: string
  values: Record<string, string>
}

/**
 * Each connection's secret values, in `secrets.json` beside `connections.json`: written with mode
 * 0600 (re-tightened at load if someone loosened it), through the cipher (encrypted on the desktop
 * where the OS offers it). Written at once on every change: a saved password must survive a crash.
 */
export class SecretStore {
  private readonly byId = new Map<string, StoredSecrets>()
  private readonly state: JsonStateFile<StoredSecrets>

  constructor(
    options: StateStoreOptions,
    private readonly cipher: SecretCipher
  ) {
    this.state = new JsonStateFile({
      ...options,
      debounceMs: 0,
      fileName: SECRETS_FILE,
      what: 'secrets',
      section: 'secrets',
      parseEntry: parseStored,
      currentSection: () => Object.fromEntries(this.byId)
    })
  }

  get file(): string {
    return this.state.file
  }

  load(report: (problem: string) => void): void {
    this.tighten(report)
    this.byId.clear()
    for (const [id, stored] of this.state.load() ?? []) this.byId.set(id, stored)
  }

  /** The connection's secrets in plain text; ones that cannot be decrypted are reported and left out. */
  get(id: string, report: (problem: string) => void): SecretValues {
    const stored = this.byId.get(id)
    if (stored === undefined) return {}
    if (stored.scheme !== this.cipher.scheme) {
      report(
        `the secrets of ${id} were stored with ${stored.scheme}, which is not available now: enter them again`
      )
      return {}
    }
    const out: SecretValues = {}
    for (const [field, value] of Object.entries(stored.values)) {
      try {
        Object.defineProperty(out, field, {
          value: this.cipher.decrypt(value),
          enumerable: true,
          writable: true,
          configurable: true
        })
      } catch {
        report(
          `the secret ${field} of ${id} cannot be decrypted here (another machine or user?): enter it again`
        )
      }
    }
    return out
  }

  set(id: string, secrets: SecretValues): void {
    const values: Record<string, string> = {}
    for (const [field, value] of Object.entries(secrets)) {
      if (value === undefined) continue
      Object.defineProperty(values, field, {
        value: this.cipher.encrypt(value),
        enumerable: true,
        writable: true,
        configurable: true
      })
    }
    if (Object.keys(values).length === 0) this.byId.delete(id)
    else this.byId.set(id, { scheme: this.cipher.scheme, values })
    this.state.forget(id)
    this.state.changed()
    this.state.flush()
  }

  delete(id: string): void {
    this.byId.delete(id)
    this.state.forget(id)
    this.state.changed()
    this.state.flush()
  }

  close(): void {
    this.state.close()
  }

  /** A secrets file readable by group or others is made owner-only again, and the user told. */
  private tighten(report: (problem: string) => void): void {
    let mode: number
    try {
      mode = statSync(this.state.file).mode
    } catch {
      return
    }
    if ((mode & 0o077) === 0) return
    try {
      chmodSync(this.state.file, 0o600)
      report(
        `${this.state.file} was readable by others (mode ${(mode & 0o777).toString(8)}): made owner-only (600)`
      )
    } catch (err) {
      report(`${this.state.file} is readable by others and cannot be changed: ${(err as Error).message}`)
    }
  }
}

function parseStored(_id: string, raw: unknown): StoredSecrets | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not an object'
  const { scheme, values } = raw as Record<string, unknown>
  if (typeof scheme !== 'string' || scheme.length > 40) return 'no scheme'
  if (typeof values !== 'object' || values === null || Array.isArray(values)) return 'no values'
  const entries = Object.entries(values)
  if (entries.length > MAX_FIELDS) return `more than ${MAX_FIELDS} fields`
  const out: Record<string, string> = {}
  for (const [field, value] of entries) {
    if (typeof value !== 'string' || value.length > MAX_STORED_LENGTH)
      return `field ${field.slice(0, 40)} is not a stored secret`
    if (
      field !== 'password' &&
      field !== 'auth.token' &&
      !field.startsWith('headers.') &&
      !field.startsWith('url.')
    )
      return `unknown field ${field.slice(0, 40)}`
    Object.defineProperty(out, field, { value, enumerable: true, writable: true, configurable: true })
  }
  return { scheme, values: out }
}

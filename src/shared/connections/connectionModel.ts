import type { SourceKind } from '../model'
import type { ConnectionTestVerdict } from './connectionTest'

/**
 * Connections as the Connections view sees them. Secrets (a broker password, a feed's handshake
 * header values) never reach a view: `config` comes without them and `secrets` says which are
 * set. Configs are as the user wrote them: `${env:NAME}` references stay references.
 */

/** Where a connection comes from: the configuration file (locked), the demo, or the user. */
export type ConnectionOrigin = 'file' | 'demo' | 'user'

/**
 * Secret fields by name: `password` (telemetry), `headers.<Name>` and `auth.token` (market), and
 * in any URL its password (`url.password`) and secret-looking query values (`url.query.<name>`).
 */
export type SecretField =
  'password' | 'auth.token' | 'url.password' | `headers.${string}` | `url.query.${string}`

export interface ConnectionEntry {
  id: string
  kind: SourceKind
  origin: ConnectionOrigin
  /** From the configuration file: shown locked, never edited from the UI. */
  managed: boolean
  enabled: boolean
  /** The settings without secret values (a plain object in configuration-file form). */
  config: Record<string, unknown>
  /** Which secret fields hold a value. */
  secrets: Partial<Record<SecretField, 'set'>>
  /** Why a saved connection is not running (refused at start: a missing variable, a bad file). */
  problem: string | null
}

/** How secrets are kept on this machine, in words for the user. */
export interface SecretStorageInfo {
  /** `encrypted`: the OS keychain (Keychain, DPAPI, libsecret); `file`: file permissions only. */
  kind: 'encrypted' | 'file'
  /** One sentence the Connections view shows. */
  description: string
}

export interface ConnectionsList {
  connections: ConnectionEntry[]
  storage: SecretStorageInfo
}

export type { ConnectionTestVerdict }

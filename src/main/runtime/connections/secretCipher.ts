import type { SecretStorageInfo } from '@shared/connections/connectionModel'

/**
 * How secret values are turned into what `secrets.json` holds. Desktop: Electron's `safeStorage`
 * (Keychain, DPAPI, libsecret), wrapped by the main process. Browser mode, and a desktop whose
 * `safeStorage` has only a plain-text backend: the values as they are, in a file only its owner
 * may read — and the Connections view says so.
 */
export interface SecretCipher {
  readonly storage: SecretStorageInfo
  /** Name written into the file, so a file encrypted by one cipher is never read by another. */
  readonly scheme: string
  encrypt(plain: string): string
  /** Throws when the stored text cannot be decrypted (another machine's keychain). */
  decrypt(stored: string): string
}

/** File permissions only (0600): the honest name for it is in `storage.description`. */
export function filePermissionCipher(reason?: string): SecretCipher {
  const why = reason === undefined ? '' : ` (${reason})`
  return {
    storage: {
      kind: 'file',
      description: `Passwords and tokens are stored unencrypted in secrets.json, readable only by your user account: protected by file permissions only${why}.`
    },
    scheme: 'plain',
    encrypt: (plain) => plain,
    decrypt: (stored) => stored
  }
}

/** The part of Electron's `safeStorage` the cipher uses (so it is tested without Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  /** Linux only: `basic_text` means no keyring, i.e. no real encryption. */
  getSelectedStorageBackend?(): string
  encryptString(plain: string): Buffer
  decryptString(encrypted: Buffer): string
}

/**
 * `safeStorage` when it really encrypts; otherwise file permissions, saying why (Linux without a
 * keyring reports `basic_text`, whose "encryption" is a hard-coded key).
 */
export function safeStorageCipher(safeStorage: SafeStorageLike, platform: string): SecretCipher {
  if (!safeStorage.isEncryptionAvailable())
    return filePermissionCipher('the system keychain is not available')
  const backend = platform === 'linux' ? safeStorage.getSelectedStorageBackend?.() : undefined
  if (backend === 'basic_text' || backend === 'unknown')
    return filePermissionCipher(
      'no keyring found: install and unlock gnome-keyring or KWallet to encrypt them'
    )
  const keychain =
    platform === 'darwin'
      ? 'the macOS Keychain'
      : platform === 'win32'
        ? 'Windows DPAPI'
        : `the ${backend ?? 'system'} keyring`
  return {
    storage: { kind: 'encrypted', description: `Passwords and tokens are encrypted with ${keychain}.` },
    scheme: 'safeStorage',
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64'))
  }
}

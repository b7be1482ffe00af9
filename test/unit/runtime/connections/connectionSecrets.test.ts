import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  editedSecrets,
  mergeSecrets,
  secretsSet,
  splitSecrets
} from '../../../../src/main/runtime/connections/connectionSecrets'
import {
  filePermissionCipher,
  safeStorageCipher,
  type SafeStorageLike
} from '../../../../src/main/runtime/connections/secretCipher'
import { SecretStore } from '../../../../src/main/runtime/connections/secretStore'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'tickwire-secrets-'))
  dirs.push(d)
  return d
}

describe('splitting secrets out of a connection', () => {
  it('takes the broker password and every header value out, and puts them back', () => {
    const broker = { id: 'plant', url: 'mqtt://x', username: 'u', password: 'p4ss' }
    const split = splitSecrets('telemetry', broker)
    expect(split).toEqual({
      config: { id: 'plant', url: 'mqtt://x', username: 'u' },
      secrets: { password: 'p4ss' }
    })
    expect(mergeSecrets('telemetry', split.config, split.secrets)).toEqual(broker)

    const feed = { id: 'desk', headers: { Authorization: 'Bearer t0k', __proto__x: 'y' } }
    const f = splitSecrets('market', feed)
    expect(f.config).toEqual({ id: 'desk', headerNames: ['Authorization', '__proto__x'] })
    expect(JSON.stringify(f.config)).not.toContain('t0k')
    expect(secretsSet(f.secrets)).toEqual({ 'headers.Authorization': 'set', 'headers.__proto__x': 'set' })
    expect(mergeSecrets('market', f.config, f.secrets)).toEqual(feed)
  })

  it('keeps the stored value of a field the edit left out, only when asked', () => {
    const stored = { password: 'old', 'headers.X-Key': 'k' } as const
    expect(editedSecrets({}, stored, ['password'])).toEqual({ password: 'old' })
    expect(editedSecrets({ password: 'new' }, stored, ['password'])).toEqual({ password: 'new' })
    expect(editedSecrets({}, stored, [])).toEqual({})
    expect(editedSecrets({}, stored, ['toString', 'headers.none'])).toEqual({})
  })
})

describe('secret ciphers', () => {
  const fake = (available: boolean, backend?: string): SafeStorageLike => ({
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend ?? 'gnome_libsecret',
    encryptString: (plain) => Buffer.from([...Buffer.from(plain)].reverse()),
    decryptString: (b) => Buffer.from([...b].reverse()).toString()
  })

  it('encrypts with safeStorage where the OS offers it, and says so', () => {
    const cipher = safeStorageCipher(fake(true), 'darwin')
    expect(cipher.storage).toEqual({
      kind: 'encrypted',
      description: 'Passwords and tokens are encrypted with the macOS Keychain.'
    })
    const stored = cipher.encrypt('s3cret')
    expect(stored).not.toContain('s3cret')
    expect(cipher.decrypt(stored)).toBe('s3cret')
    expect(safeStorageCipher(fake(true), 'win32').storage.description).toMatch(/DPAPI/)
    expect(safeStorageCipher(fake(true), 'linux').storage.description).toMatch(/gnome_libsecret keyring/)
  })

  it('falls back to file permissions, saying why, where safeStorage would not really encrypt', () => {
    for (const cipher of [
      safeStorageCipher(fake(true, 'basic_text'), 'linux'),
      safeStorageCipher(fake(false), 'linux')
    ]) {
      expect(cipher.storage.kind).toBe('file')
      expect(cipher.storage.description).toMatch(/file permissions only \(/)
      expect(cipher.encrypt('x')).toBe('x')
    }
  })
})

describe('SecretStore', () => {
  it('writes 0600, never serializes a secret elsewhere, and re-tightens a loosened file', () => {
    const stateDir = tempDir()
    const problems: string[] = []
    const report = (p: string): void => void problems.push(p)
    const store = new SecretStore({ stateDir, report }, filePermissionCipher())
    store.load(report)
    store.set('plant', { password: 'hunter2' })
    const file = join(stateDir, 'secrets.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      version: 1,
      secrets: { plant: { scheme: 'plain', values: { password: 'hunter2' } } }
    })
    chmodSync(file, 0o644)
    const again = new SecretStore({ stateDir, report }, filePermissionCipher())
    again.load(report)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(problems[0]).toMatch(/was readable by others \(mode 644\): made owner-only/)
    expect(again.get('plant', report)).toEqual({ password: 'hunter2' })
    again.delete('plant')
    expect(readFileSync(file, 'utf8')).not.toContain('hunter2')
  })

  it('never decrypts with another scheme, and refuses entries that are not secrets', () => {
    const stateDir = tempDir()
    writeFileSync(
      join(stateDir, 'secrets.json'),
      JSON.stringify({
        version: 1,
        secrets: {
          a: { scheme: 'safeStorage', values: { password: 'AAAA' } },
          b: { scheme: 'plain', values: { url: 'x' } }
        }
      }),
      { mode: 0o600 }
    )
    const problems: string[] = []
    const report = (p: string): void => void problems.push(p)
    const store = new SecretStore({ stateDir, report }, filePermissionCipher())
    store.load(report)
    expect(store.get('a', report)).toEqual({})
    expect(problems.join('\n')).toMatch(/stored with safeStorage, which is not available now/)
    expect(problems.join('\n')).toMatch(/unknown field url/)
    expect(store.get('b', report)).toEqual({})
  })
})

describe('secrets inside URLs', () => {
  it('takes a URL password and secret-looking query values out, keeping names and references', () => {
    const split = splitSecrets('telemetry', { url: 'mqtt://alice:hun%40ter2@broker:1883' })
    expect(split.config.url).toBe('mqtt://alice@broker:1883')
    expect(split.secrets).toEqual({ 'url.password': 'hun@ter2' })
    expect(mergeSecrets('telemetry', split.config, split.secrets).url).toBe(
      'mqtt://alice:hun%40ter2@broker:1883'
    )

    const feed = splitSecrets('market', { url: 'wss://feed.example/ws?apikey=SECRETKEY&depth=5' })
    expect(feed.config.url).toBe('wss://feed.example/ws?apikey=&depth=5')
    expect(JSON.stringify(feed.config)).not.toContain('SECRETKEY')
    expect(mergeSecrets('market', feed.config, feed.secrets).url).toBe(
      'wss://feed.example/ws?apikey=SECRETKEY&depth=5'
    )

    const reference = 'wss://feed.example/ws?token=${env:TICKWIRE_CONN_T}'
    expect(splitSecrets('market', { url: reference })).toEqual({ config: { url: reference }, secrets: {} })
  })
})

import { dirname, resolve } from 'node:path'
import { parseConfig, type TickwireConfig, type TlsConfig } from '@shared/config'
import { ConfigError, formatJsonPath } from '@shared/configError'
import type { Environment } from '@shared/envReferences'
import { MAX_CONFIG_FILE_BYTES } from '@shared/limits'
import { FileRefusedError, readBoundedFile } from '../engine/boundedFile'
import { readTlsMaterial, TlsFileError } from '../engine/tlsFiles'

/**
 * Reads and validates a configuration file. The file itself and every TLS file it names are
 * read asynchronously, bounded (regular files only, the configuration at most 4 MB, each TLS
 * file at most 1 MB) and parsed here — certificates and keys as PEM — so a bad path or a bad
 * file is refused at start-up with its JSON path, never at first connect, and can never hang
 * start-up (a FIFO) or fill memory (`/dev/zero`).
 */
export async function loadConfig(file: string, env: Environment = process.env): Promise<TickwireConfig> {
  const absolute = resolve(file)
  let bytes: Buffer
  try {
    bytes = await readBoundedFile(absolute, MAX_CONFIG_FILE_BYTES)
  } catch (err) {
    if (err instanceof FileRefusedError) throw new ConfigError(file, '$', err.reason)
    throw err
  }
  const config = parseConfig(bytes.toString('utf8'), file, env)
  const base = dirname(absolute)
  for (const [i, m] of config.market.entries()) {
    if (m.tls) m.tls = await resolveTls(m.tls, base, file, ['market', i, 'tls'])
  }
  for (const [i, t] of config.telemetry.entries()) {
    if (t.tls) t.tls = await resolveTls(t.tls, base, file, ['telemetry', i, 'tls'])
  }
  const republish = config.republish
  if (republish?.tls) republish.tls = await resolveTls(republish.tls, base, file, ['republish', 'tls'])
  const alarmSync = config.alarmSync
  if (alarmSync?.tls) alarmSync.tls = await resolveTls(alarmSync.tls, base, file, ['alarmSync', 'tls'])
  return config
}

/** Makes a TLS entry's paths absolute (against `base`) and checks each file; throws `ConfigError`. */
export async function resolveTls(
  tls: TlsConfig,
  base: string,
  file: string,
  path: (string | number)[]
): Promise<TlsConfig> {
  const out: TlsConfig = { ...tls }
  for (const field of ['ca', 'cert', 'key'] as const) {
    const value = tls[field]
    if (value !== undefined) out[field] = resolve(base, value)
  }
  if ((out.cert === undefined) !== (out.key === undefined)) {
    throw new ConfigError(
      file,
      formatJsonPath([...path, out.cert ? 'key' : 'cert']),
      'cert and key go together'
    )
  }
  try {
    await readTlsMaterial(out)
  } catch (err) {
    if (err instanceof TlsFileError)
      throw new ConfigError(file, formatJsonPath([...path, err.field]), err.reason)
    throw err
  }
  return out
}

import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { ConfigError, formatJsonPath, parseConfig, type TickwireConfig, type TlsConfig } from '@shared/config'

/**
 * Reads and validates a configuration file. TLS file paths are resolved relative to the file and
 * must exist, so a bad path is refused at start-up with its JSON path, not at first connect.
 */
export function loadConfig(file: string): TickwireConfig {
  const absolute = resolve(file)
  let text: string
  try {
    text = readFileSync(absolute, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`
    throw new ConfigError(file, '$', reason)
  }
  const config = parseConfig(text, file)
  const base = dirname(absolute)
  config.market.forEach((m, i) => {
    if (m.tls) m.tls = resolveTls(m.tls, base, file, ['market', i, 'tls'])
  })
  config.telemetry.forEach((t, i) => {
    if (t.tls) t.tls = resolveTls(t.tls, base, file, ['telemetry', i, 'tls'])
  })
  return config
}

function resolveTls(tls: TlsConfig, base: string, file: string, path: (string | number)[]): TlsConfig {
  const out: TlsConfig = { ...tls }
  for (const field of ['ca', 'cert', 'key'] as const) {
    const value = tls[field]
    if (value === undefined) continue
    const full = resolve(base, value)
    if (!existsSync(full))
      throw new ConfigError(file, formatJsonPath([...path, field]), `file not found: ${full}`)
    out[field] = full
  }
  if ((out.cert === undefined) !== (out.key === undefined)) {
    throw new ConfigError(
      file,
      formatJsonPath([...path, out.cert ? 'key' : 'cert']),
      'cert and key go together'
    )
  }
  return out
}

import { readFileSync } from 'node:fs'
import type { TlsConfig } from '@shared/config'

export interface TlsMaterial {
  ca?: Buffer
  cert?: Buffer
  key?: Buffer
  servername?: string
  rejectUnauthorized: boolean
}

/** Reads the certificate files (paths already absolute); throws with the file named on failure. */
export function loadTls(tls: TlsConfig | undefined): TlsMaterial {
  if (tls === undefined) return { rejectUnauthorized: true }
  const read = (path: string | undefined): Buffer | undefined => {
    if (path === undefined) return undefined
    try {
      return readFileSync(path)
    } catch (err) {
      throw new Error(`cannot read TLS file ${path}: ${(err as Error).message}`)
    }
  }
  const material: TlsMaterial = { rejectUnauthorized: tls.rejectUnauthorized }
  const ca = read(tls.ca)
  const cert = read(tls.cert)
  const key = read(tls.key)
  if (ca) material.ca = ca
  if (cert) material.cert = cert
  if (key) material.key = key
  if (tls.servername !== undefined) material.servername = tls.servername
  return material
}

import { createPrivateKey, X509Certificate } from 'node:crypto'
import { createSecureContext } from 'node:tls'
import type { TlsConfig } from '@shared/config'
import { MAX_TLS_FILE_BYTES } from '@shared/limits'
import { FileRefusedError, readBoundedFile, readBoundedFileSync } from './boundedFile'

export interface TlsMaterial {
  ca?: Buffer
  cert?: Buffer
  key?: Buffer
  servername?: string
  rejectUnauthorized: boolean
}

type TlsFileField = 'ca' | 'cert' | 'key'

/** A TLS file that cannot be used, naming the field so the configuration error can point at it. */
export class TlsFileError extends Error {
  constructor(
    readonly field: TlsFileField,
    readonly reason: string
  ) {
    super(reason)
    this.name = 'TlsFileError'
  }
}

/**
 * Reads and checks the certificate files at load: each a regular file of at most 1 MB, `ca` and
 * `cert` one or more PEM certificates, `key` a PEM private key that belongs to `cert`. Throws
 * `TlsFileError` naming the field.
 */
export async function readTlsMaterial(tls: TlsConfig): Promise<TlsMaterial> {
  const material: TlsMaterial = { rejectUnauthorized: tls.rejectUnauthorized }
  for (const field of ['ca', 'cert', 'key'] as const) {
    const path = tls[field]
    if (path === undefined) continue
    let bytes: Buffer
    try {
      bytes = await readBoundedFile(path, MAX_TLS_FILE_BYTES)
    } catch (err) {
      throw err instanceof FileRefusedError ? new TlsFileError(field, err.message) : err
    }
    checkPem(field, path, bytes)
    material[field] = bytes
  }
  if (material.cert && material.key) {
    // createSecureContext alone accepts a key of another type (an EC key beside an RSA
    // certificate): checkPrivateKey compares the key with the certificate's public key.
    let belongs: boolean
    try {
      createSecureContext({ cert: material.cert, key: material.key })
      belongs = new X509Certificate(material.cert).checkPrivateKey(createPrivateKey(material.key))
    } catch (err) {
      throw new TlsFileError(
        'key',
        `does not belong to the certificate in "cert" (${(err as Error).message})`
      )
    }
    if (!belongs) throw new TlsFileError('key', 'does not belong to the certificate in "cert"')
  }
  if (tls.servername !== undefined) material.servername = tls.servername
  return material
}

/**
 * The files again, for a (re)connect: bounded and regular-file-only like at load (a file swapped
 * for a FIFO later cannot hang the engine), so a renewed certificate is picked up. Throws with the
 * file named; the source shows it and retries.
 */
export function loadTls(tls: TlsConfig | undefined): TlsMaterial {
  if (tls === undefined) return { rejectUnauthorized: true }
  const read = (path: string | undefined): Buffer | undefined => {
    if (path === undefined) return undefined
    try {
      return readBoundedFileSync(path, MAX_TLS_FILE_BYTES)
    } catch (err) {
      throw new Error(`cannot read TLS file: ${(err as Error).message}`)
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

/** More certificates than any real CA bundle: parsing stays bounded. */
const MAX_CERTIFICATES = 1_000

interface PemBlock {
  label: string
  text: string
}

/** PEM blocks, line by line (linear in the file, whatever it holds); at most `max`. */
function pemBlocks(text: string, max: number): PemBlock[] {
  const blocks: PemBlock[] = []
  let label: string | null = null
  let start = 0
  let lineStart = 0
  while (lineStart < text.length && blocks.length < max) {
    let lineEnd = text.indexOf('\n', lineStart)
    if (lineEnd === -1) lineEnd = text.length
    const line = text.slice(lineStart, lineEnd).trimEnd()
    if (label === null) {
      const begin = /^-----BEGIN ([A-Z0-9 ]{1,64})-----$/.exec(line)
      if (begin) {
        label = begin[1]
        start = lineStart
      }
    } else if (line === `-----END ${label}-----`) {
      blocks.push({ label, text: text.slice(start, lineEnd) })
      label = null
    }
    lineStart = lineEnd + 1
  }
  return blocks
}

function checkPem(field: TlsFileField, path: string, bytes: Buffer): void {
  // A byte-order mark (Windows editors) is not part of PEM; Node's TLS ignores it too.
  const blocks = pemBlocks(bytes.toString('latin1').replace(/^\xef\xbb\xbf/, ''), MAX_CERTIFICATES + 1)
  if (field === 'key') {
    const keyBlock = blocks.find((b) => b.label.endsWith('PRIVATE KEY'))
    if (keyBlock === undefined) throw new TlsFileError(field, `not a PEM private key: ${path}`)
    if (keyBlock.label.includes('ENCRYPTED') || keyBlock.text.includes('Proc-Type: 4,ENCRYPTED'))
      throw new TlsFileError(field, `an encrypted private key (no passphrase can be given): ${path}`)
    try {
      createPrivateKey(keyBlock.text)
    } catch (err) {
      throw new TlsFileError(field, `not a valid PEM private key (${(err as Error).message}): ${path}`)
    }
    return
  }
  const certificates = blocks.filter((b) => b.label === 'CERTIFICATE' || b.label === 'TRUSTED CERTIFICATE')
  if (certificates.length === 0) throw new TlsFileError(field, `not a PEM certificate: ${path}`)
  if (certificates.length > MAX_CERTIFICATES)
    throw new TlsFileError(field, `more than ${MAX_CERTIFICATES} certificates: ${path}`)
  certificates.forEach((block, i) => {
    try {
      new X509Certificate(block.text)
    } catch (err) {
      throw new TlsFileError(
        field,
        `certificate ${i + 1} is not a valid PEM certificate (${(err as Error).message}): ${path}`
      )
    }
  })
}

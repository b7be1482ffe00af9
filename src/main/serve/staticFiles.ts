import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import { COMMON_HEADERS, CONTENT_SECURITY_POLICY, sendText } from './httpResponses'

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm'
}

/** Vite puts content-hashed bundles under assets/: they never change, so they cache forever. */
const IMMUTABLE_PREFIX = '/assets/'

export type StaticHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => Promise<void>

/** Serves the built renderer from `root`: GET/HEAD only, nothing outside `root`. */
export function createStaticHandler(root: string): StaticHandler {
  const rootDir = resolve(root)
  let realRoot: string | null = null

  return async (req, res, pathname) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed\n', { Allow: 'GET, HEAD' })
      return
    }
    let decoded: string
    try {
      decoded = decodeURIComponent(pathname)
    } catch {
      sendText(res, 400, 'Bad request\n')
      return
    }
    if (decoded.includes('\0') || decoded.includes('\\')) {
      sendText(res, 400, 'Bad request\n')
      return
    }
    const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded
    const file = resolve(rootDir, `.${relative}`)
    if (!isInside(rootDir, file)) {
      sendText(res, 404, 'Not found\n')
      return
    }
    try {
      // Symlinks must not lead out of the root either.
      realRoot ??= await realpath(rootDir)
      const real = await realpath(file)
      const info = await stat(real)
      if (!isInside(realRoot, real) || !info.isFile()) throw new Error('not a file inside the root')
      sendFile(req, res, real, relative, info.size)
    } catch {
      const missingApp = relative === '/index.html'
      sendText(
        res,
        404,
        missingApp
          ? `The renderer is not built (no ${join(rootDir, 'index.html')}): run "npm run build".\n`
          : 'Not found\n'
      )
    }
  }
}

function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  urlPath: string,
  size: number
): void {
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
  const headers: Record<string, string | number> = {
    ...COMMON_HEADERS,
    'Content-Type': type,
    'Content-Length': size,
    'Cache-Control': urlPath.startsWith(IMMUTABLE_PREFIX) ? 'public, max-age=31536000, immutable' : 'no-cache'
  }
  if (type.startsWith('text/html')) {
    headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY
    headers['X-Frame-Options'] = 'DENY'
  }
  res.writeHead(200, headers)
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  const stream = createReadStream(file)
  stream.on('error', () => res.destroy())
  stream.pipe(res)
}

function isInside(root: string, file: string): boolean {
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep)
}

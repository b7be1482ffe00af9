import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './freePort'
import { acceptsTcp } from './tcpProbe'

export const MOSQUITTO_BIN = '/usr/sbin/mosquitto'
export const MOSQUITTO_PASSWD_BIN = '/usr/bin/mosquitto_passwd'

/** Extra listeners and settings; without any, one anonymous plain listener as before. */
export interface MosquittoOptions {
  /** User name → password, written with `mosquitto_passwd`; anonymous clients are then refused. */
  users?: Record<string, string>
  /** A TLS listener (`mqtts://`) with these PEM files; `requireCertificate` makes it mutual TLS. */
  tls?: { ca: string; cert: string; key: string; requireCertificate?: boolean }
  /** A plain WebSocket listener (`ws://`). */
  websockets?: boolean
  /** A TLS WebSocket listener (`wss://`) with the `tls` files. */
  secureWebsockets?: boolean
  /** Sessions and queued messages saved in the temp dir, so `restart()` keeps them. */
  persistence?: boolean
  /** An `acl_file`'s lines (`user …`, `topic read|write|readwrite …`). */
  acl?: string[]
  /**
   * A real bridge to another broker (`connection` / `address` / `topic` lines): `topics` as
   * mosquitto.conf writes them, e.g. `md/# in 0` brings the remote's `md/#` here.
   */
  bridge?: { name: string; remotePort: number; topics: string[] }
}

/** The listener ports besides the plain one; `null` when not configured. */
interface ExtraPorts {
  tls: number | null
  ws: number | null
  wss: number | null
}

/** Why Mosquitto tests cannot run here, or `null` when they can. */
export function mosquittoUnavailable(): string | null {
  return existsSync(MOSQUITTO_BIN) ? null : `${MOSQUITTO_BIN} not installed (Debian package "mosquitto")`
}

/**
 * A real Mosquitto broker on a free 127.0.0.1 port with a generated config in a temp dir.
 * Started and stopped by PID only; `restart()` comes back on the same port.
 */
export class Mosquitto {
  /** Broker log lines (connections, disconnections, subscriptions). */
  readonly log: string[] = []
  private child: ChildProcess | null = null

  private constructor(
    readonly port: number,
    private readonly dir: string,
    private readonly extra: ExtraPorts
  ) {}

  static async start(options: MosquittoOptions = {}): Promise<Mosquitto> {
    const port = await freePort()
    const dir = mkdtempSync(join(tmpdir(), 'tickwire-mosquitto-'))
    const extra: ExtraPorts = {
      tls: options.tls ? await freePort() : null,
      ws: options.websockets ? await freePort() : null,
      wss: options.secureWebsockets ? await freePort() : null
    }
    if (extra.wss !== null && !options.tls) throw new Error('secureWebsockets needs the tls files')
    const users = Object.entries(options.users ?? {})
    const passwordFile = join(dir, 'passwd')
    users.forEach(([user, password], i) => {
      const create = i === 0 ? ['-c'] : []
      execFileSync(MOSQUITTO_PASSWD_BIN, ['-b', ...create, passwordFile, user, password], { stdio: 'pipe' })
    })
    const tlsFiles = (tls: NonNullable<MosquittoOptions['tls']>): string[] => [
      `cafile ${tls.ca}`,
      `certfile ${tls.cert}`,
      `keyfile ${tls.key}`
    ]
    const lines = [
      // Mosquitto refuses to start with only WebSocket listeners, so the plain one always exists.
      `listener ${port} 127.0.0.1`,
      // Run as root, Mosquitto switches to the "mosquitto" user, which cannot read this private
      // temp dir (password file, certificates, persistence): keep the user the test runs as.
      ...(process.getuid?.() === 0 ? ['user root'] : []),
      users.length > 0 ? 'allow_anonymous false' : 'allow_anonymous true',
      ...(users.length > 0 ? [`password_file ${passwordFile}`] : []),
      ...(options.acl !== undefined ? [`acl_file ${join(dir, 'acl')}`] : []),
      ...(options.persistence ? ['persistence true', `persistence_location ${dir}/`] : ['persistence false']),
      'log_dest stderr',
      'log_type all',
      'connection_messages true'
    ]
    if (options.tls && extra.tls !== null) {
      lines.push(`listener ${extra.tls} 127.0.0.1`, ...tlsFiles(options.tls))
      if (options.tls.requireCertificate) lines.push('require_certificate true')
    }
    if (extra.ws !== null) lines.push(`listener ${extra.ws} 127.0.0.1`, 'protocol websockets')
    if (options.tls && extra.wss !== null)
      lines.push(`listener ${extra.wss} 127.0.0.1`, 'protocol websockets', ...tlsFiles(options.tls))
    if (options.bridge !== undefined) {
      const { name, remotePort, topics } = options.bridge
      lines.push(
        `connection ${name}`,
        `address 127.0.0.1:${remotePort}`,
        ...topics.map((t) => `topic ${t}`),
        'cleansession true',
        // Back within a second of the remote's return (the default waits up to 30 s and more).
        'restart_timeout 1 2',
        'start_type automatic'
      )
    }
    if (options.acl !== undefined) writeFileSync(join(dir, 'acl'), [...options.acl, ''].join('\n'))
    writeFileSync(join(dir, 'mosquitto.conf'), [...lines, ''].join('\n'))
    const broker = new Mosquitto(port, dir, extra)
    try {
      await broker.spawn()
    } catch (err) {
      await broker.stop()
      throw err
    }
    return broker
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`
  }

  /** The TLS listener, `mqtts://127.0.0.1:PORT`. */
  get mqttsUrl(): string {
    return `mqtts://127.0.0.1:${this.extraPort('tls')}`
  }

  /** The WebSocket listener, `ws://127.0.0.1:PORT/`. */
  get wsUrl(): string {
    return `ws://127.0.0.1:${this.extraPort('ws')}/`
  }

  /** The TLS WebSocket listener, `wss://127.0.0.1:PORT/`. */
  get wssUrl(): string {
    return `wss://127.0.0.1:${this.extraPort('wss')}/`
  }

  /** Log lines containing `text`. */
  logLines(text: string): string[] {
    return this.log.filter((line) => line.includes(text))
  }

  get pid(): number | undefined {
    return this.child?.pid
  }

  /** Kills the broker (SIGTERM, by PID) and leaves it down until `up()`; the port stays reserved to it. */
  down(): Promise<void> {
    return this.kill()
  }

  /** Starts a broker killed by `down()` again, on the same port and configuration. */
  up(): Promise<void> {
    return this.spawn()
  }

  async restart(): Promise<void> {
    await this.kill()
    await this.spawn()
  }

  async stop(): Promise<void> {
    await this.kill()
    rmSync(this.dir, { recursive: true, force: true })
  }

  private async spawn(): Promise<void> {
    const child = spawn(MOSQUITTO_BIN, ['-c', join(this.dir, 'mosquitto.conf')], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    this.child = child
    const onData = (chunk: Buffer): void => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) this.log.push(line)
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    const deadline = Date.now() + 10_000
    const ports = [this.port, this.extra.tls, this.extra.ws, this.extra.wss].filter((p) => p !== null)
    for (const port of ports) {
      while (!(await acceptsTcp(port))) {
        if (child.exitCode !== null)
          throw new Error(`mosquitto exited (${child.exitCode}): ${this.log.join(' | ')}`)
        if (Date.now() > deadline) throw new Error(`mosquitto did not accept TCP on ${port}`)
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    }
  }

  private extraPort(listener: keyof ExtraPorts): number {
    const port = this.extra[listener]
    if (port === null) throw new Error(`this broker was started without a ${listener} listener`)
    return port
  }

  private kill(): Promise<void> {
    const child = this.child
    this.child = null
    if (child === null || child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
    return new Promise((resolve) => {
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  }
}

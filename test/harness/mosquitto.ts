import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './freePort'
import { acceptsTcp } from './tcpProbe'

export const MOSQUITTO_BIN = '/usr/sbin/mosquitto'

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
    private readonly dir: string
  ) {}

  static async start(): Promise<Mosquitto> {
    const port = await freePort()
    const dir = mkdtempSync(join(tmpdir(), 'tickwire-mosquitto-'))
    writeFileSync(
      join(dir, 'mosquitto.conf'),
      [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous true',
        'persistence false',
        'log_dest stderr',
        'log_type all',
        'connection_messages true',
        ''
      ].join('\n')
    )
    const broker = new Mosquitto(port, dir)
    await broker.spawn()
    return broker
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`
  }

  get pid(): number | undefined {
    return this.child?.pid
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
    while (!(await acceptsTcp(this.port))) {
      if (child.exitCode !== null)
        throw new Error(`mosquitto exited (${child.exitCode}): ${this.log.join(' | ')}`)
      if (Date.now() > deadline) throw new Error(`mosquitto did not accept TCP on ${this.port}`)
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
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

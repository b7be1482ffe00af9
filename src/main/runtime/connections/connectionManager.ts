import type { CommandArgs, CommandName } from '@shared/commands/commandRegistry'
import type { ConnectionEntry, ConnectionOrigin, ConnectionsList } from '@shared/connections/connectionModel'
import type { ConnectionTestVerdict } from '@shared/connections/connectionTest'
import { DisposableStore, type Disposable } from '@shared/disposable'
import type { Environment } from '@shared/envReferences'
import type { SourceKind } from '@shared/model'
import { CommandRefused, type CommandRouter } from '../../engine/commands/commandRouter'
import { probeBroker } from '../../engine/connections/brokerProbe'
import { probeMarketFeed } from '../../engine/connections/marketProbe'
import type { SourceSpec } from '../../engine/sources/liveSources'
import { stripCredentials } from '../../engine/sourceUrl'
import { editedSecrets, mergeSecrets, secretsSet, splitSecrets, type SecretValues } from './connectionSecrets'
import { resolveConnection } from './connectionSpec'
import type { ConnectionStore } from './connectionStore'
import { exportConnections, parseImport } from './connectionTransfer'
import type { SecretCipher } from './secretCipher'
import type { SecretStore } from './secretStore'

/** What the manager needs of the engine: live source edits and its command registry. */
export interface ConnectionEngine {
  readonly commands: CommandRouter
  addSource(spec: SourceSpec): Promise<string | null>
  replaceSource(spec: SourceSpec): Promise<string | null>
  removeSource(id: string, reason: string): Promise<string | null>
}

export interface ConnectionManagerOptions {
  engine: ConnectionEngine
  /** The configuration file's sources (locked) and the demo's (can be switched off). */
  locked: { origin: Exclude<ConnectionOrigin, 'user'>; spec: SourceSpec }[]
  store: ConnectionStore
  secrets: SecretStore
  cipher: SecretCipher
  env: Environment
  /** Why a saved connection did not start, by id (from `startConnections`). */
  problems: ReadonlyMap<string, string>
  report(problem: string): void
}

type Args<N extends CommandName> = CommandArgs<N>

/**
 * The Connections view's side in the engine process: lists every source with where it comes from,
 * saves, tests, switches and removes the user's own connections (applied live, kept in
 * `connections.json` with their secrets in `secrets.json`), and imports and exports them in the
 * configuration-file format.
 */
export class ConnectionManager implements Disposable {
  private readonly registrations = new DisposableStore()
  private readonly problems: Map<string, string>

  constructor(private readonly options: ConnectionManagerOptions) {
    this.problems = new Map(options.problems)
    const { commands } = options.engine
    for (const registration of [
      commands.register('listConnections', () => this.list()),
      commands.register('saveConnection', (args) => this.save(args)),
      commands.register('testConnection', (args) => this.test(args)),
      commands.register('removeConnection', ({ id }) => this.remove(id)),
      commands.register('setConnectionEnabled', ({ id, enabled }) => this.setEnabled(id, enabled)),
      commands.register('exportConnections', ({ includeSecrets }) => this.export(includeSecrets)),
      commands.register('importConnections', ({ text }) => this.import(text))
    ])
      this.registrations.add(registration)
  }

  list(): ConnectionsList {
    const connections: ConnectionEntry[] = this.options.locked.map(({ origin, spec }) => {
      const { config } = splitSecrets(spec.kind, { ...spec.config, url: stripCredentials(spec.config.url) })
      return {
        id: spec.config.id,
        kind: spec.kind,
        origin,
        managed: true,
        enabled: origin === 'file' || this.options.store.get(spec.config.id)?.enabled !== false,
        config,
        secrets: secretsSet(splitSecrets(spec.kind, spec.config).secrets),
        problem: null
      }
    })
    for (const [id, stored] of this.options.store.all()) {
      if (stored.kind === undefined || stored.config === undefined) continue
      connections.push(this.entry(id, stored.kind, stored.config, stored.enabled))
    }
    return { connections, storage: this.options.cipher.storage }
  }

  private entry(
    id: string,
    kind: SourceKind,
    config: Record<string, unknown>,
    enabled: boolean
  ): ConnectionEntry {
    return {
      id,
      kind,
      origin: 'user',
      managed: false,
      enabled,
      config,
      secrets: secretsSet(this.options.secrets.get(id, this.options.report)),
      problem: this.problems.get(id) ?? null
    }
  }

  private async save(args: Args<'saveConnection'>): Promise<ConnectionEntry> {
    const { store, secrets, engine } = this.options
    const { raw, values, spec } = await this.resolveEdit(args)
    const id = spec.config.id
    const previous = args.previousId ?? null
    this.refuseLocked(id)
    if (previous !== null && previous !== id) {
      this.refuseLocked(previous)
      if (store.get(previous)?.config === undefined)
        throw new CommandRefused(`there is no connection "${previous}" to edit`)
    }
    if (previous !== id && store.get(id)?.config !== undefined)
      throw new CommandRefused(`there is already a connection "${id}"`)
    const running = previous === id && store.get(id)?.enabled === true && !this.problems.has(id)
    const refused = args.enabled
      ? running
        ? await engine.replaceSource(spec)
        : await engine.addSource(spec)
      : running
        ? await engine.removeSource(id, 'connection switched off')
        : null
    if (refused !== null) throw new CommandRefused(refused)
    this.problems.delete(id)
    secrets.set(id, values)
    store.set(id, { enabled: args.enabled, kind: args.kind, config: raw })
    // A rename: the old one goes only once the new one is in place, so a refusal loses nothing.
    if (previous !== null && previous !== id) {
      await engine.removeSource(previous, `connection renamed to ${id}`)
      store.delete(previous)
      secrets.delete(previous)
      this.problems.delete(previous)
    }
    return this.entry(id, args.kind, raw, args.enabled)
  }

  private async test(args: Args<'testConnection'>): Promise<ConnectionTestVerdict> {
    const unmapped = needsMapping(args)
    const { spec } = await this.resolveEdit(unmapped ? withPlaceholderMapping(args) : args)
    if (spec.kind === 'telemetry') return probeBroker(spec.config)
    const verdict = await probeMarketFeed(spec.config)
    // Tested to see what the feed sends: its samples are where the mapping is picked from.
    if (!unmapped) return verdict
    return {
      ...verdict,
      ticks: [],
      malformed: { count: 0, last: null },
      message:
        verdict.result === 'ok'
          ? `${verdict.message.replace(/, \d+ ticks?\.$/, '.')} Pick the symbol and price fields from a sample.`
          : verdict.message
    }
  }

  private async remove(id: string): Promise<null> {
    this.refuseLocked(id)
    const stored = this.options.store.get(id)
    if (stored?.config === undefined) throw new CommandRefused(`there is no connection "${id}"`)
    if (stored.enabled && !this.problems.has(id))
      await this.options.engine.removeSource(id, 'connection removed from the app')
    this.options.store.delete(id)
    this.options.secrets.delete(id)
    this.problems.delete(id)
    return null
  }

  private async setEnabled(id: string, enabled: boolean): Promise<ConnectionEntry> {
    const { store, engine } = this.options
    const locked = this.options.locked.find((l) => l.spec.config.id === id)
    if (locked?.origin === 'file')
      throw new CommandRefused(`"${id}" is in the configuration file, which is managed outside the app`)
    if (locked !== undefined) {
      const was = store.get(id)?.enabled !== false
      if (was !== enabled) {
        const refused = enabled
          ? await engine.addSource(locked.spec)
          : await engine.removeSource(id, 'demo source switched off')
        if (refused !== null) throw new CommandRefused(refused)
      }
      store.set(id, { enabled })
      return this.list().connections.find((c) => c.id === id)!
    }
    const stored = store.get(id)
    if (stored?.kind === undefined || stored.config === undefined)
      throw new CommandRefused(`there is no connection "${id}"`)
    const running = stored.enabled && !this.problems.has(id)
    if (enabled && !running) {
      const resolved = await resolveConnection(
        stored.kind,
        mergeSecrets(stored.kind, stored.config, this.options.secrets.get(id, this.options.report)),
        this.options.env
      )
      if ('error' in resolved) throw new CommandRefused(resolved.error)
      const refused = await engine.addSource(resolved.spec)
      if (refused !== null) throw new CommandRefused(refused)
      this.problems.delete(id)
    } else if (!enabled && running) {
      await engine.removeSource(id, 'connection switched off')
    }
    store.set(id, { enabled, kind: stored.kind, config: stored.config })
    return this.entry(id, stored.kind, stored.config, enabled)
  }

  private export(includeSecrets: boolean): { text: string; secretsIncluded: boolean } {
    const entries = this.options.store
      .all()
      .flatMap(([id, s]) =>
        s.kind !== undefined && s.config !== undefined ? [{ id, kind: s.kind, config: s.config }] : []
      )
    const text = exportConnections(entries, (id) =>
      includeSecrets ? this.options.secrets.get(id, this.options.report) : {}
    )
    return { text, secretsIncluded: includeSecrets }
  }

  private async import(text: string): Promise<{ added: string[] }> {
    const parsed = parseImport(text)
    if (typeof parsed === 'string') throw new CommandRefused(parsed)
    const taken = new Set([
      ...this.options.locked.map((l) => l.spec.config.id),
      ...this.options.store.all().map(([id]) => id)
    ])
    // Every entry is checked before any is added: an import is all or nothing.
    const ready: {
      kind: SourceKind
      raw: Record<string, unknown>
      values: SecretValues
      spec: SourceSpec
    }[] = []
    for (const item of parsed) {
      const resolved = await resolveConnection(item.kind, item.config, this.options.env)
      if ('error' in resolved) throw new CommandRefused(`${item.path}.${resolved.error}`)
      const id = resolved.spec.config.id
      if (taken.has(id)) throw new CommandRefused(`${item.path}.id: there is already a connection "${id}"`)
      taken.add(id)
      const { config: raw, secrets: values } = splitSecrets(item.kind, item.config)
      ready.push({ kind: item.kind, raw, values, spec: resolved.spec })
    }
    const added: string[] = []
    for (const item of ready) {
      const refused = await this.options.engine.addSource(item.spec)
      if (refused !== null)
        throw new CommandRefused(`${item.spec.config.id}: ${refused} (${added.length} imported before it)`)
      this.options.secrets.set(item.spec.config.id, item.values)
      this.options.store.set(item.spec.config.id, { enabled: true, kind: item.kind, config: item.raw })
      added.push(item.spec.config.id)
    }
    return { added }
  }

  /** The settings of an edit with the secrets completed, resolved as the configuration's schema takes them. */
  private async resolveEdit(
    args: Args<'testConnection'>
  ): Promise<{ raw: Record<string, unknown>; values: SecretValues; spec: SourceSpec }> {
    const { config: raw, secrets: sent } = splitSecrets(args.kind, args.config)
    delete raw.headerNames
    const stored =
      args.previousId === undefined ? {} : this.options.secrets.get(args.previousId, this.options.report)
    const values = editedSecrets(sent, stored, args.keep)
    const resolved = await resolveConnection(
      args.kind,
      mergeSecrets(args.kind, raw, values),
      this.options.env
    )
    if ('error' in resolved) throw new CommandRefused(resolved.error)
    return { raw, values, spec: resolved.spec }
  }

  private refuseLocked(id: string): void {
    const locked = this.options.locked.find((l) => l.spec.config.id === id)
    if (locked === undefined) return
    throw new CommandRefused(
      locked.origin === 'file'
        ? `"${id}" is in the configuration file, which is managed outside the app`
        : `"${id}" is a demo source: switch it off and add your own connection instead`
    )
  }

  dispose(): void {
    this.registrations.dispose()
  }
}

/** Marks a JSON feed tested before its mapping is chosen (the test shows the samples to pick from). */
const UNMAPPED = '__tickwire_unmapped__'

function needsMapping(args: Args<'testConnection'>): boolean {
  if (args.kind !== 'market' || args.config.adapter !== 'json') return false
  const mapping = args.config.mapping
  if (typeof mapping !== 'object' || mapping === null) return true
  const m = mapping as Record<string, unknown>
  return typeof m.symbol !== 'string' || m.symbol === '' || typeof m.price !== 'string' || m.price === ''
}

function withPlaceholderMapping(args: Args<'testConnection'>): Args<'testConnection'> {
  const mapping =
    typeof args.config.mapping === 'object' && args.config.mapping !== null ? args.config.mapping : {}
  return { ...args, config: { ...args.config, mapping: { symbol: UNMAPPED, price: UNMAPPED, ...mapping } } }
}

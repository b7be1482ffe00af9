import type { TelemetryConfig } from '@shared/config'
import type { Disposable } from '@shared/disposable'
import { publishPayloadBytes, type PublishJournalEntry } from '@shared/publish'
import { CommandRefused, type CommandRouter } from '../commands/commandRouter'
import type { PublishAnswer, PublishOptions } from '../telemetry/mqttPublish'
import { TelemetrySource } from '../telemetrySource'

/** Where every publish is written down (the state directory's `publish.jsonl`). */
export interface PublishJournalSink {
  append(entry: PublishJournalEntry): void
  /** The latest entries, newest first. */
  recent(limit: number): PublishJournalEntry[]
  /** Why the last entry could not be written, or null. */
  readonly problem: string | null
}

/** What publishing needs of one broker connection. */
export interface PublishTarget {
  config: TelemetryConfig
  /** Null when the connection cannot publish at all (a replay's). */
  publish: ((topic: string, payload: Buffer, options: PublishOptions) => Promise<PublishAnswer>) | null
}

const JOURNAL_LISTED = 200

/** A broker connection's publishing side, from its settings and its running source. */
export function publishTargetOf(
  spec: { kind: string; config: unknown } | undefined,
  source: unknown
): PublishTarget | undefined {
  if (spec?.kind !== 'telemetry') return undefined
  return {
    config: spec.config as TelemetryConfig,
    publish: source instanceof TelemetrySource ? (...args) => source.publish(...args) : null
  }
}

/**
 * The `publish` and `publishJournal` commands. Publishing is refused by the engine, not only
 * hidden by the view, unless the connection's settings say `"publish": true` (and the command
 * router has already required the admin role); every attempt the broker saw is journaled.
 */
export function registerPublishCommands(
  commands: CommandRouter,
  target: (sourceId: string) => PublishTarget | undefined,
  journal: PublishJournalSink | null,
  now: () => number = Date.now
): Disposable[] {
  return [
    commands.register('publish', async (args, context) => {
      const connection = target(args.source)
      if (connection === undefined) throw new CommandRefused(`there is no MQTT connection "${args.source}"`)
      if (connection.config.publish !== true)
        throw new CommandRefused(`publishing is off on "${args.source}" (its settings need "publish": true)`)
      if (connection.publish === null) throw new CommandRefused('a replay does not publish')
      const bytes = publishPayloadBytes(args.payload, args.encoding)
      if (typeof bytes === 'string') throw new CommandRefused(`payload ${bytes}`)
      const answer = await connection.publish(args.topic, Buffer.from(bytes), {
        qos: args.qos,
        retain: args.retain,
        properties: args.properties
      })
      const entry: PublishJournalEntry = {
        ...answer,
        bytes: bytes.length,
        at: now(),
        source: args.source,
        topic: args.topic,
        qos: args.qos,
        retain: args.retain,
        role: context.role,
        by: args.by ?? null
      }
      journal?.append(entry)
      const { result, reasonCode, reason, bytes: size, at } = entry
      return {
        result,
        reasonCode,
        reason,
        bytes: size,
        at,
        journalProblem: journal === null ? 'no state directory: publishes are not journaled' : journal.problem
      }
    }),
    commands.register('publishJournal', () => journal?.recent(JOURNAL_LISTED) ?? [])
  ]
}

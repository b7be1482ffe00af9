import type { Environment } from '@shared/envReferences'
import type { SourceSpec } from '../../engine/sources/liveSources'
import { mergeSecrets } from './connectionSecrets'
import { resolveConnection } from './connectionSpec'
import type { ConnectionStore } from './connectionStore'
import type { SecretStore } from './secretStore'

/**
 * The user's saved connections at start: each enabled one resolved (secrets merged, `${env:…}`
 * replaced, TLS files checked). One that cannot start (a variable no longer set, a file gone, an
 * id the configuration file now uses) is reported and listed with its problem, never fatal.
 */
export async function startConnections(
  store: ConnectionStore,
  secrets: SecretStore,
  takenIds: ReadonlySet<string>,
  env: Environment,
  report: (problem: string) => void
): Promise<{ specs: SourceSpec[]; problems: Map<string, string> }> {
  const specs: SourceSpec[] = []
  const problems = new Map<string, string>()
  for (const [id, stored] of store.all()) {
    if (stored.kind === undefined || stored.config === undefined || !stored.enabled) continue
    if (takenIds.has(id)) {
      problems.set(id, `the configuration file now has a source "${id}"; rename this connection`)
      continue
    }
    const resolved = await resolveConnection(
      stored.kind,
      mergeSecrets(stored.kind, stored.config, secrets.get(id, report)),
      env
    )
    if ('error' in resolved) {
      problems.set(id, resolved.error)
      report(`not starting the saved connection ${id}: ${resolved.error}`)
      continue
    }
    if (resolved.spec.config.id !== id) {
      problems.set(id, `its settings name the id "${resolved.spec.config.id}"`)
      continue
    }
    specs.push(resolved.spec)
  }
  return { specs, problems }
}

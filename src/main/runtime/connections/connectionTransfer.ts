import { formatJsonPath } from '@shared/configError'
import { jsonStructureProblem } from '@shared/jsonStructure'
import { MAX_CONFIG_DEPTH, MAX_REASON_LENGTH, MAX_SOURCES } from '@shared/limits'
import type { SourceKind } from '@shared/model'
import { diagnosticText } from '@shared/visibleText'
import { mergeSecrets, type SecretValues } from './connectionSecrets'

/**
 * Connections in and out in the configuration-file format (`{ "market": […], "telemetry": […] }`),
 * so an export can be deployed as a file, and a file imported into the app.
 */
export function exportConnections(
  entries: { id: string; kind: SourceKind; config: Record<string, unknown> }[],
  secretsOf: (id: string) => SecretValues
): string {
  const file: { market: Record<string, unknown>[]; telemetry: Record<string, unknown>[] } = {
    market: [],
    telemetry: []
  }
  for (const { id, kind, config } of entries) file[kind].push(mergeSecrets(kind, config, secretsOf(id)))
  return `${JSON.stringify(file, null, 2)}\n`
}

export interface ImportedConnection {
  kind: SourceKind
  config: Record<string, unknown>
  /** Where in the file (`market[2]`), for refusals. */
  path: string
}

/** The entries of an imported file, or why it is refused (naming the JSON path). */
export function parseImport(text: string): ImportedConnection[] | string {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (err) {
    return diagnosticText(`not valid JSON (${(err as Error).message})`, MAX_REASON_LENGTH)
  }
  const structure = jsonStructureProblem(text, MAX_CONFIG_DEPTH)
  if (structure !== null) return `${formatJsonPath(structure.path)}: ${structure.message}`
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return 'not a configuration file: expected { "market": [ … ], "telemetry": [ … ] }'
  const out: ImportedConnection[] = []
  for (const [key, list] of Object.entries(raw)) {
    if (key !== 'market' && key !== 'telemetry')
      return diagnosticText(
        `${formatJsonPath([key])}: unknown field (expected "market" or "telemetry")`,
        MAX_REASON_LENGTH
      )
    if (!Array.isArray(list)) return `${formatJsonPath([key])}: not a list`
    for (const [i, item] of list.entries()) {
      if (typeof item !== 'object' || item === null || Array.isArray(item))
        return `${formatJsonPath([key, i])}: not an object`
      out.push({ kind: key, config: item as Record<string, unknown>, path: `${key}[${i}]` })
    }
  }
  if (out.length === 0) return 'the file has no connections'
  if (out.length > MAX_SOURCES) return `at most ${MAX_SOURCES} connections in one file`
  return out
}

/**
 * `npm run test:electronegativity`: Doyensec's Electronegativity (Electron security checks) over
 * `src`, held against the reviewed findings in `tools/electronegativity-allowlist.json`. Any
 * finding the allowlist does not cover fails the run, and so does an allowlist entry that no
 * longer matches anything (it would otherwise hide the next finding of its kind).
 *
 * The input is staged into a temporary copy Electronegativity can read, every line where it was
 * (./stage), checked offline (./scan), mapped back to the original files (./findings) and held
 * against the allowlist (./allowlist, ./compare). The Electron version the checks assume is the
 * installed one.
 *
 * Options: `--input DIR` (default `src`), `--allowlist FILE` (default
 * `tools/electronegativity-allowlist.json`), `--electron-version X.Y.Z` (default: installed
 * `electron`). Exit 0 when clean, 1 for new findings, stale entries or files that could not be
 * parsed, 2 for a bad allowlist or options.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { loadAllowlist } from './allowlist'
import { compare } from './compare'
import { toFindings } from './findings'
import { DEFAULT_ALLOWLIST, ROOT } from './paths'
import { report } from './report'
import { installedElectronVersion, runElectronegativity } from './scan'
import { stage, type Staged } from './stage'
import { UsageError } from './usage'

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      input: { type: 'string', default: join(ROOT, 'src') },
      allowlist: { type: 'string', default: DEFAULT_ALLOWLIST },
      'electron-version': { type: 'string' }
    }
  })
  const input = resolve(values.input)
  const allowlistPath = resolve(values.allowlist)
  const allowlist = loadAllowlist(allowlistPath)
  const electronVersion = values['electron-version'] ?? installedElectronVersion()

  const stageDir = mkdtempSync(join(tmpdir(), 'tickwire-electronegativity-'))
  try {
    let staged: Staged
    try {
      staged = stage(input, stageDir)
    } catch (error) {
      throw new UsageError(`cannot read ${input}: ${(error as Error).message}`)
    }
    const result = await runElectronegativity(stageDir, electronVersion)

    const unreadable = [
      ...staged.errors,
      ...result.errors.map((e) => ({ file: staged.origins.get(e.file) ?? e.file, message: e.message }))
    ]
    const findings = toFindings(result.issues, staged.origins)
    const { ok, lines } = report({
      ...compare(findings, allowlist),
      unreadable,
      files: staged.files,
      electronVersion,
      allowlistPath
    })
    for (const line of lines) {
      if (ok) console.log(line)
      else console.error(line)
    }
    return ok ? 0 : 1
  } finally {
    rmSync(stageDir, { recursive: true, force: true })
  }
}

main().then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error(`electronegativity: ${error instanceof UsageError ? error.message : String(error)}`)
    if (!(error instanceof UsageError) && error instanceof Error && error.stack) console.error(error.stack)
    process.exitCode = 2
  }
)

/**
 * `npm run test:electronegativity`: Doyensec's Electronegativity (Electron security checks) over
 * `src`, held against the reviewed findings in `tools/electronegativity-allowlist.json`. Any
 * finding the allowlist does not cover fails the run, and so does an allowlist entry that no
 * longer matches anything (it would otherwise hide the next finding of its kind).
 *
 * Electronegativity reads .js/.ts/.html files only, so the input is staged into a temporary copy
 * first, keeping every line where it was (findings point into the real files):
 *
 * - each `<script>` block of a Vue SFC becomes its own .ts/.js file and its `<template>` an .html
 *   file, everything else blanked;
 * - `%TICKWIRE_CSP%` in HTML becomes the policy the build writes there (electron.vite.config.ts),
 *   so the CSP check judges the real policy rather than the placeholder;
 * - inline `eng-disable` comments are neutralized: the allowlist, with its reasons, is the one
 *   place a finding is accepted.
 *
 * It never touches the network: the translation download Electronegativity starts on every run
 * is stubbed out, and AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK (which downloads Electron's release
 * list) is not run. The Electron version the checks assume is the installed one.
 *
 * Options: `--input DIR` (default `src`), `--allowlist FILE` (default the one next to this file),
 * `--electron-version X.Y.Z` (default: installed `electron`). Exit 0 when clean, 1 for new
 * findings, stale entries or files that could not be parsed, 2 for a bad allowlist or options.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire, Module } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { parseArgs } from 'node:util'
import { parse as parseSfc } from 'vue/compiler-sfc'
import { contentSecurityPolicy, CSP_PLACEHOLDER } from '../src/shared/contentSecurityPolicy'

const ROOT = resolve(__dirname, '..')
const DEFAULT_ALLOWLIST = join(__dirname, 'electronegativity-allowlist.json')
const localRequire = createRequire(__filename)

/** Checks that need the network; see the header. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck']

class UsageError extends Error {}

// ---------------------------------------------------------------------------------------------
// Electronegativity's programmatic API (it ships no types)

interface Level {
  name: string
}

interface EngIssue {
  file: string
  id: string
  description: string
  location: { line: number; column: number }
  severity: Level
  confidence: Level
  manualReview: boolean
}

interface EngResult {
  globalChecks: number
  atomicChecks: number
  errors: { file: string; message: string; tolerable: boolean }[]
  issues: EngIssue[]
}

type EngRun = (options: {
  input: string
  electronVersionOverride: string
  excludeFromScan: string[]
}) => Promise<EngResult>

/** Replaces `got` for Electronegativity: its translation fetch sees "no update", everything else fails. */
function stubOutNetwork(): void {
  const refuse = (): Promise<never> => Promise.reject(new Error('electronegativity-check runs offline'))
  const offlineGot = Object.assign(() => Promise.resolve({ statusCode: 0, body: '' }), {
    get: refuse,
    head: refuse,
    stream: refuse
  })
  const engRequire = createRequire(localRequire.resolve('@doyensec/electronegativity'))
  const gotPath = engRequire.resolve('got')
  const stub = new Module(gotPath)
  stub.filename = gotPath
  stub.loaded = true
  stub.exports = offlineGot
  localRequire.cache[gotPath] = stub
}

function installedElectronVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(localRequire.resolve('electron/package.json'), 'utf8')) as {
      version?: unknown
    }
    if (typeof pkg.version === 'string') return pkg.version
  } catch {
    // fall through
  }
  throw new UsageError('cannot find the installed electron package; pass --electron-version')
}

// ---------------------------------------------------------------------------------------------
// Staging

/** Same length as `eng-disable`, so columns stay put. */
const neutralize = (text: string): string => text.replace(/eng-disable/gi, 'eng-ignored')

/** Everything outside [start, end) becomes spaces; line breaks stay, so lines and columns do. */
function keepOnly(text: string, start: number, end: number): string {
  const blank = (part: string): string => part.replace(/[^\r\n]/g, ' ')
  return blank(text.slice(0, start)) + text.slice(start, end) + blank(text.slice(end))
}

/** Files staged as they are, with what their name needs appended for Electronegativity to read them. */
const COPIED: Record<string, string> = {
  '.js': '',
  '.jsx': '',
  '.ts': '',
  '.tsx': '',
  '.html': '',
  '.htm': '',
  '.mjs': '.js',
  '.cjs': '.js',
  '.mts': '.ts',
  '.cts': '.ts'
}

interface Staged {
  /** Staged file → the original it stands for. */
  origins: Map<string, string>
  /** Originals that were staged. */
  files: number
  /** Originals that could not be staged (a Vue SFC that does not parse). */
  errors: { file: string; message: string }[]
}

function stage(input: string, into: string): Staged {
  const staged: Staged = { origins: new Map(), files: 0, errors: [] }
  const write = (original: string, suffix: string, text: string): void => {
    const target = join(into, relative(input, original)) + suffix
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, neutralize(text))
    staged.origins.set(target, original)
  }

  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') visit(path)
        continue
      }
      if (!entry.isFile()) continue
      const ext = extname(entry.name).toLowerCase()
      if (ext === '.vue') {
        stageSfc(path, write, staged)
      } else if (COPIED[ext] !== undefined) {
        let text = readFileSync(path, 'utf8')
        if (ext === '.html' || ext === '.htm') {
          text = text.replaceAll(CSP_PLACEHOLDER, contentSecurityPolicy([], 'meta'))
        }
        write(path, COPIED[ext], text)
        staged.files++
      } else if (entry.name === 'package.json') {
        write(path, '', readFileSync(path, 'utf8'))
        staged.files++
      }
    }
  }
  visit(input)
  return staged
}

function stageSfc(
  path: string,
  write: (original: string, suffix: string, text: string) => void,
  staged: Staged
): void {
  const text = readFileSync(path, 'utf8')
  const { descriptor, errors } = parseSfc(text, { filename: path })
  if (errors.length > 0) {
    staged.errors.push({ file: path, message: errors.map((e) => e.message).join('; ') })
    return
  }
  const { template, script, scriptSetup } = descriptor
  if (template !== null && (template.lang === undefined || template.lang === 'html')) {
    write(path, '.template.html', keepOnly(text, template.loc.start.offset, template.loc.end.offset))
  }
  for (const [block, name] of [
    [script, 'script'],
    [scriptSetup, 'setup']
  ] as const) {
    if (block === null) continue
    const ext = block.lang === 'ts' || block.lang === 'tsx' ? block.lang : 'js'
    write(path, `.${name}.${ext}`, keepOnly(text, block.loc.start.offset, block.loc.end.offset))
  }
  staged.files++
}

// ---------------------------------------------------------------------------------------------
// Findings and the allowlist

interface Finding {
  check: string
  /** Relative to the repository root with `/`, or absolute outside it; `N/A` for project-wide findings. */
  file: string
  line: number
  column: number
  /** The finding's source line, trimmed (from the original file). */
  excerpt: string
  description: string
  severity: string
  confidence: string
  manualReview: boolean
}

interface AllowlistEntry {
  check: string
  file: string
  /** Part of the finding's source line: what keeps an entry on its finding when lines move ('' for `N/A`). */
  excerpt: string
  /** Part of the finding's description, for checks that report different things (CSP_GLOBAL_CHECK). */
  description?: string
  /** How many findings of this check, file and excerpt the entry accepts (default 1). */
  count: number
  reason: string
}

function displayPath(file: string): string {
  const rel = relative(ROOT, file)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return file
  return rel.split(sep).join('/')
}

function sourceLine(file: string, line: number, cache: Map<string, string[]>): string {
  let lines = cache.get(file)
  if (lines === undefined) {
    try {
      lines = readFileSync(file, 'utf8').split('\n')
    } catch {
      lines = []
    }
    cache.set(file, lines)
  }
  return (lines[line - 1] ?? '').trim()
}

function toFindings(issues: EngIssue[], origins: Map<string, string>): Finding[] {
  const lines = new Map<string, string[]>()
  const findings = issues.map((issue): Finding => {
    const original = origins.get(issue.file)
    return {
      check: issue.id,
      file: original === undefined ? issue.file : displayPath(original),
      line: issue.location.line,
      column: issue.location.column,
      excerpt: original === undefined ? '' : sourceLine(original, issue.location.line, lines),
      description: issue.description,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      manualReview: issue.manualReview
    }
  })
  return findings.sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.check.localeCompare(b.check)
  )
}

const ENTRY_FIELDS = new Set(['check', 'file', 'excerpt', 'description', 'count', 'reason'])

function loadAllowlist(path: string): AllowlistEntry[] {
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`)
  }
  const fail = (where: string, message: string): never => {
    throw new UsageError(`${path}: ${where}: ${message}`)
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('$', 'must be an object')
  const { entries, ...rest } = data as { entries?: unknown }
  for (const key of Object.keys(rest)) fail(`$.${key}`, 'unknown field')
  if (!Array.isArray(entries)) return fail('$.entries', 'must be an array')
  return entries.map((raw: unknown, i): AllowlistEntry => {
    const at = `$.entries[${i}]`
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(at, 'must be an object')
    const entry = raw as Record<string, unknown>
    for (const key of Object.keys(entry)) if (!ENTRY_FIELDS.has(key)) fail(`${at}.${key}`, 'unknown field')
    for (const key of ['check', 'file', 'reason']) {
      const value = entry[key]
      if (typeof value !== 'string' || value.trim() === '') fail(`${at}.${key}`, 'must be a non-empty string')
    }
    // Project-wide findings (file "N/A") have no source line.
    if (typeof entry.excerpt !== 'string' || (entry.excerpt.trim() === '' && entry.file !== 'N/A')) {
      fail(`${at}.excerpt`, "must be a non-empty string (part of the finding's source line)")
    }
    if (
      entry.description !== undefined &&
      (typeof entry.description !== 'string' || entry.description === '')
    ) {
      fail(`${at}.description`, 'must be a non-empty string')
    }
    const count = entry.count ?? 1
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) {
      fail(`${at}.count`, 'must be a positive integer')
    }
    return {
      check: entry.check as string,
      file: entry.file as string,
      excerpt: entry.excerpt as string,
      ...(entry.description === undefined ? {} : { description: entry.description as string }),
      count: count as number,
      reason: entry.reason as string
    }
  })
}

interface Comparison {
  fresh: Finding[]
  allowed: number
  stale: { entry: AllowlistEntry; matched: number }[]
}

function compare(findings: Finding[], allowlist: AllowlistEntry[]): Comparison {
  const used = allowlist.map(() => 0)
  const fresh: Finding[] = []
  for (const finding of findings) {
    const i = allowlist.findIndex(
      (entry, j) =>
        used[j] < entry.count &&
        entry.check === finding.check &&
        entry.file === finding.file &&
        finding.excerpt.includes(entry.excerpt) &&
        (entry.description === undefined || finding.description.includes(entry.description))
    )
    if (i === -1) fresh.push(finding)
    else used[i]++
  }
  const stale = allowlist.flatMap((entry, i) => (used[i] < entry.count ? [{ entry, matched: used[i] }] : []))
  return { fresh, allowed: findings.length - fresh.length, stale }
}

// ---------------------------------------------------------------------------------------------

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
    stubOutNetwork()
    // Electronegativity picks its message language from LANG; the report is always English.
    process.env.LANG = 'en-US'
    const run = localRequire('@doyensec/electronegativity') as EngRun
    const result = await run({
      input: stageDir,
      electronVersionOverride: electronVersion,
      excludeFromScan: EXCLUDED_CHECKS
    })

    const unreadable = [
      ...staged.errors,
      ...result.errors.map((e) => ({ file: staged.origins.get(e.file) ?? e.file, message: e.message }))
    ]
    const findings = toFindings(result.issues, staged.origins)
    const { fresh, allowed, stale } = compare(findings, allowlist)

    if (fresh.length === 0 && stale.length === 0 && unreadable.length === 0) {
      console.log(
        `electronegativity: 0 new findings (${allowed} allowlisted) in ${staged.files} files, Electron ${electronVersion}`
      )
      return 0
    }

    const out = (line: string): void => console.error(line)
    for (const { file, message } of unreadable) {
      out(`electronegativity: cannot check ${displayPath(file)}: ${message.split('\n')[0]}`)
    }
    for (const f of fresh) {
      const where = f.file === 'N/A' ? 'the whole input' : `${f.file}:${f.line}:${f.column}`
      out(`electronegativity: ${f.check} at ${where}: ${f.description} (${f.severity}, ${f.confidence})`)
      if (f.excerpt !== '') out(`    ${f.excerpt}`)
    }
    for (const { entry, matched } of stale) {
      out(
        `electronegativity: stale allowlist entry ${entry.check} in ${entry.file} (excerpt ${JSON.stringify(entry.excerpt)}): ` +
          `matches ${matched} of ${entry.count} finding${entry.count === 1 ? '' : 's'}; remove or update it`
      )
    }
    out(
      `electronegativity: ${fresh.length} new finding${fresh.length === 1 ? '' : 's'}, ${stale.length} stale ` +
        `allowlist entr${stale.length === 1 ? 'y' : 'ies'}, ${unreadable.length} unreadable file${unreadable.length === 1 ? '' : 's'}` +
        ` (${allowed} allowlisted). Fix a finding, or if it is a false positive add it to ` +
        `${displayPath(allowlistPath)} with check, file, excerpt and the reason.`
    )
    return 1
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

import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'

const WORKFLOW = fileURLToPath(new URL('../../../.github/workflows/release.yml', import.meta.url))

/** The runners a release is built on (issue 12: Linux AppImage and deb, Windows NSIS, macOS dmg). */
const REQUIRED_OSES = ['ubuntu-latest', 'windows-latest', 'macos-latest']

type Json = Record<string, unknown>
interface Step extends Json {
  run?: string
  uses?: string
}
interface Job extends Json {
  permissions?: unknown
  steps?: Step[]
  strategy?: { matrix?: { os?: unknown; include?: Json[] } }
}
interface Workflow extends Json {
  on?: unknown
  permissions?: unknown
  jobs?: Record<string, Job>
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Every OS a job's matrix lists, from `os:` or from `include[].os`. */
function matrixOses(job: Job): string[] {
  const matrix = job.strategy?.matrix
  const listed = Array.isArray(matrix?.os) ? matrix.os : []
  const included = (matrix?.include ?? []).map((entry) => entry.os)
  return [...listed, ...included].filter((os): os is string => typeof os === 'string')
}

/** The events the workflow triggers on, whichever form `on:` takes (string, list or map). */
function triggers(workflow: Workflow): string[] {
  const on = workflow.on
  if (typeof on === 'string') return [on]
  if (Array.isArray(on)) return on.filter((e): e is string => typeof e === 'string')
  return isObject(on) ? Object.keys(on) : []
}

/** Command lines that run electron-builder (directly or through `npm run package`). */
const builderLines = (run: string): string[] =>
  run.split('\n').filter((line) => /\belectron-builder\b|npm run package\b/.test(line) && !/^\s*#/.test(line))

/** Whether a permissions value grants nothing beyond read. */
function readOnly(permissions: unknown): boolean {
  if (permissions === 'read-all' || isObject(permissions) === false) return false
  return Object.values(permissions).every((level) => level === 'read' || level === 'none')
}

/** What is wrong with a release workflow; empty when nothing is. */
function problems(workflow: Workflow): string[] {
  const found: string[] = []
  const jobs = Object.entries(workflow.jobs ?? {})
  const on = triggers(workflow)

  if (!isObject(workflow.on) || !isObject(workflow.on.push)) found.push('no push trigger')
  else {
    const tags = workflow.on.push.tags
    if (!Array.isArray(tags) || !tags.includes('v*')) found.push('no push trigger on tags v*')
  }
  if (!on.includes('workflow_dispatch')) found.push('no workflow_dispatch trigger (the dry run)')

  const top = workflow.permissions
  if (!isObject(top) || top.contents !== 'read' || !readOnly(top))
    found.push(`top-level permissions must be contents: read and nothing broader, not ${JSON.stringify(top)}`)

  const oses = jobs.flatMap(([, job]) => matrixOses(job))
  for (const os of REQUIRED_OSES) if (!oses.includes(os)) found.push(`no build on ${os}`)

  let builds = 0
  for (const [name, job] of jobs) {
    if (typeof job['timeout-minutes'] !== 'number') found.push(`job ${name} has no timeout-minutes`)
    for (const step of job.steps ?? []) {
      for (const line of builderLines(step.run ?? '')) {
        builds++
        if (!/--publish[ =]never\b/.test(line))
          found.push(`job ${name} runs electron-builder without --publish never: ${line.trim()}`)
      }
      if (step.uses?.startsWith('actions/upload-artifact@') && isObject(step.with)) {
        if (step.with['if-no-files-found'] !== 'error')
          found.push(`job ${name} uploads artifacts without if-no-files-found: error`)
      }
    }
  }
  if (builds === 0) found.push('no step runs electron-builder')

  const releasing = jobs.filter(([, job]) =>
    (job.steps ?? []).some((s) => /\bgh release\b/.test(s.run ?? ''))
  )
  if (releasing.length === 0) found.push('no job creates the GitHub Release')
  for (const [name, job] of releasing) {
    if (!isObject(job.permissions) || job.permissions.contents !== 'write')
      found.push(`release job ${name} lacks permissions contents: write`)
    if (!/github\.event_name == 'push'/.test(String(job.if ?? '')))
      found.push(`release job ${name} is not limited to tag pushes (a dry run must not publish)`)
  }
  for (const [name, job] of jobs) {
    if (releasing.some(([r]) => r === name)) continue
    if (job.permissions !== undefined && !readOnly(job.permissions))
      found.push(`job ${name} has write permissions; only the release job may`)
  }

  if (on.includes('pull_request') || on.includes('pull_request_target')) {
    for (const [name, job] of jobs) {
      const { steps, ...rest } = job
      for (const [where, value] of [
        [`job ${name}`, rest] as const,
        ...(steps ?? []).map((s, i) => [`job ${name} step ${s.name ?? i}`, s] as const)
      ])
        if (/\bsecrets\./.test(JSON.stringify(value)))
          found.push(`${where} references a secret while the workflow runs on pull requests`)
    }
  }
  return found
}

describe('release workflow', () => {
  const text = readFileSync(WORKFLOW, 'utf8')
  // js-yaml throws on a syntax error and on a duplicated key.
  const workflow = load(text) as Workflow
  const copy = (): Workflow => structuredClone(workflow)
  const job = (w: Workflow, name: string): Job => {
    const found = w.jobs?.[name]
    if (!found) throw new Error(`no job ${name}`)
    return found
  }
  const buildStep = (w: Workflow): Step => {
    const step = job(w, 'build').steps?.find((s) => builderLines(s.run ?? '').length > 0)
    if (!step) throw new Error('no build step')
    return step
  }

  it('is valid YAML with jobs', () => {
    expect(isObject(workflow)).toBe(true)
    expect(Object.keys(workflow.jobs ?? {})).toEqual(expect.arrayContaining(['build', 'release']))
  })

  it('meets every rule', () => {
    expect(problems(workflow)).toEqual([])
  })

  const mutations: [string, (w: Workflow) => void, RegExp][] = [
    [
      'drops macOS from the matrix',
      (w) => {
        const matrix = job(w, 'build').strategy?.matrix
        if (matrix?.include) matrix.include = matrix.include.filter((e) => e.os !== 'macos-latest')
      },
      /no build on macos-latest/
    ],
    [
      'builds without --publish never',
      (w) => {
        const step = buildStep(w)
        step.run = step.run?.replace(/--publish never/g, '')
      },
      /without --publish never/
    ],
    [
      'builds through npm run package without --publish never',
      (w) => void job(w, 'build').steps?.push({ run: 'npm run package -- --linux' }),
      /without --publish never: npm run package/
    ],
    [
      'takes contents: write from the release job',
      (w) => void (job(w, 'release').permissions = { contents: 'read' }),
      /lacks permissions contents: write/
    ],
    [
      'grants write at the top level',
      (w) => void (w.permissions = { contents: 'read', packages: 'write' }),
      /top-level permissions/
    ],
    ['grants write-all at the top level', (w) => void (w.permissions = 'write-all'), /top-level permissions/],
    [
      'gives a build job write permissions',
      (w) => void (job(w, 'build').permissions = { contents: 'write' }),
      /job build has write permissions/
    ],
    [
      'loses the tag trigger',
      (w) => void (w.on = { push: { branches: ['main'] }, workflow_dispatch: null }),
      /no push trigger on tags v\*/
    ],
    [
      'also runs on pull requests while steps read secrets',
      (w) => void ((w.on as Json).pull_request = null),
      /references a secret while the workflow runs on pull requests/
    ],
    [
      'publishes from a dry run',
      (w) => void (job(w, 'release').if = "startsWith(github.ref, 'refs/tags/v')"),
      /not limited to tag pushes/
    ],
    [
      'uploads installers that may be missing',
      (w) => {
        const upload = job(w, 'build').steps?.find((s) => s.uses?.startsWith('actions/upload-artifact@'))
        if (isObject(upload?.with)) upload.with['if-no-files-found'] = 'warn'
      },
      /if-no-files-found: error/
    ]
  ]

  it.each(mutations)('fails when the workflow %s', (_, mutate, expected) => {
    const mutated = copy()
    mutate(mutated)
    expect(problems(mutated)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]))
  })

  it('fails on a YAML syntax error', () => {
    expect(() => load(text.replace('jobs:', 'jobs:\n  build: [unclosed'))).toThrow()
  })
})

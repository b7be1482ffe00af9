import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, extname, join, relative } from 'node:path'
import { contentSecurityPolicy, CSP_PLACEHOLDER } from '../../src/shared/contentSecurityPolicy'
import { sfcParts } from './sfc'

/**
 * Electronegativity reads .js/.ts/.html files only, so the input is staged into a temporary copy
 * first, keeping every line where it was (findings point into the real files):
 *
 * - each `<script>` block of a Vue SFC becomes its own .ts/.js file and its `<template>` an .html
 *   file, everything else blanked (./sfc);
 * - `%TICKWIRE_CSP%` in HTML becomes the policy the build writes there (electron.vite.config.ts),
 *   so the CSP check judges the real policy rather than the placeholder;
 * - inline `eng-disable` comments are neutralized: the allowlist, with its reasons, is the one
 *   place a finding is accepted.
 */

/** Same length as `eng-disable`, so columns stay put. */
const neutralize = (text: string): string => text.replace(/eng-disable/gi, 'eng-ignored')

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

export interface Staged {
  /** Staged file → the original it stands for. */
  origins: Map<string, string>
  /** Originals that were staged. */
  files: number
  /** Originals that could not be staged (a Vue SFC that does not parse). */
  errors: { file: string; message: string }[]
}

/** Stages the files under `input` (but `node_modules`) into the directory `into`. */
export function stage(input: string, into: string): Staged {
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
        const sfc = sfcParts(path, readFileSync(path, 'utf8'))
        if (!sfc.ok) {
          staged.errors.push({ file: path, message: sfc.message })
          continue
        }
        for (const { suffix, text } of sfc.parts) write(path, suffix, text)
        staged.files++
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

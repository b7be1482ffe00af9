// @ts-check
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

/**
 * The layer rule from DESIGN.md: where a file lives says where it runs, and so what it may import.
 */
const noElectron = {
  name: 'electron',
  message: 'This folder runs under plain Node or in the DOM (DESIGN.md, Layers): never import electron here.'
}
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } }
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'no-console': 'off'
    }
  },
  {
    files: [
      'src/shared/**',
      'src/main/engine/**',
      'src/main/demo/**',
      'src/main/serve/**',
      'src/main/runtime/**'
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [{ group: ['electron/*'], message: noElectron.message }] }
      ]
    }
  },
  {
    // Node-testable logic beside its thin Electron file (`*.electron.ts`); types are free.
    files: ['src/main/update/**', 'src/main/tray/**'],
    ignores: ['**/*.electron.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ ...noElectron, allowTypeImports: true }],
          patterns: [{ group: ['electron/*'], message: noElectron.message }]
        }
      ]
    }
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'src/shared runs anywhere: no Node built-ins.'
            })),
            { name: 'ws', message: 'src/shared runs anywhere: no transports.' },
            { name: 'mqtt', message: 'src/shared runs anywhere: no transports.' }
          ]
        }
      ]
    }
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'The renderer runs in the DOM: no Node built-ins.'
            })),
            { name: 'ws', message: 'The renderer reaches the engine only through the transport client.' },
            { name: 'mqtt', message: 'The renderer reaches the engine only through the transport client.' }
          ],
          patterns: [
            {
              group: ['**/main/**', '**/preload/**'],
              message: 'The renderer reaches the engine only through the transport client.'
            }
          ]
        }
      ]
    }
  },
  prettier
)

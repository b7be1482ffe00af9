import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import { contentSecurityPolicy, CSP_PLACEHOLDER } from './src/shared/contentSecurityPolicy'

const shared = resolve(__dirname, 'src/shared')

export default defineConfig({
  main: {
    resolve: { alias: { '@shared': shared } },
    build: {
      rollupOptions: {
        input: {
          // The desktop app's main process.
          index: resolve(__dirname, 'src/main/index.ts'),
          // Browser mode (`npm run serve`): plain Node, no Electron.
          serve: resolve(__dirname, 'src/main/serve/cli.ts')
        }
      }
    }
  },
  preload: {
    resolve: { alias: { '@shared': shared } },
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload cannot require() chunks, so it must be one CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].js', inlineDynamicImports: true }
      }
    }
  },
  renderer: {
    // Minified: the page is parsed on every open (a wall screen's browser, a weak desk machine),
    // and a third of the bytes parse in a third of the time before the first value can paint.
    build: { minify: 'esbuild' },
    resolve: {
      alias: { '@shared': shared, '@renderer': resolve(__dirname, 'src/renderer/src') }
    },
    plugins: [
      vue(),
      {
        // The page's meta policy is the same one the Electron session and browser mode send.
        name: 'tickwire-csp',
        transformIndexHtml: {
          order: 'pre',
          handler: (html: string) => html.replace(CSP_PLACEHOLDER, contentSecurityPolicy([], 'meta'))
        }
      }
    ]
  }
})

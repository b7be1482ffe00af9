import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  isAppUrl,
  isExternalLinkAllowed,
  isPermissionAllowed,
  resolveAppEntry
} from '../../../../src/main/window/appEntry'

const indexHtml = join('/opt', 'Tickwire', 'resources', 'app.asar', 'out', 'renderer', 'index.html')
const fileEntry = resolveAppEntry(undefined, indexHtml)
const devEntry = resolveAppEntry('http://localhost:5173/', indexHtml)

describe('resolveAppEntry', () => {
  it('uses the built file unless electron-vite dev gives an http(s) URL', () => {
    expect(fileEntry).toEqual({ kind: 'file', file: indexHtml })
    expect(resolveAppEntry('', indexHtml)).toEqual(fileEntry)
    expect(resolveAppEntry('javascript:alert(1)', indexHtml)).toEqual(fileEntry)
    expect(resolveAppEntry('not a url', indexHtml)).toEqual(fileEntry)
    expect(devEntry).toEqual({ kind: 'dev', url: 'http://localhost:5173/' })
  })
})

describe('isAppUrl', () => {
  const own = pathToFileURL(indexHtml).href

  it('accepts our own file with any query or hash', () => {
    expect(isAppUrl(own, fileEntry)).toBe(true)
    expect(isAppUrl(`${own}?view=wall#tickers`, fileEntry)).toBe(true)
  })

  it('refuses other files, other schemes and garbage', () => {
    expect(isAppUrl(pathToFileURL('/etc/passwd').href, fileEntry)).toBe(false)
    expect(isAppUrl(pathToFileURL(join('/opt', 'Tickwire', 'index.html')).href, fileEntry)).toBe(false)
    expect(isAppUrl('https://example.com/index.html', fileEntry)).toBe(false)
    expect(isAppUrl('about:blank', fileEntry)).toBe(false)
    expect(isAppUrl('::', fileEntry)).toBe(false)
  })

  it('accepts only the dev server origin in dev', () => {
    expect(isAppUrl('http://localhost:5173/src/main.ts', devEntry)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', devEntry)).toBe(false)
    expect(isAppUrl('http://localhost.evil.example:5173/', devEntry)).toBe(false)
    expect(isAppUrl(own, devEntry)).toBe(false)
  })
})

describe('isExternalLinkAllowed', () => {
  it('hands only http(s) links with a host to the system browser', () => {
    expect(isExternalLinkAllowed('https://www.binance.com/en/trade/BTC_USDT')).toBe(true)
    expect(isExternalLinkAllowed('http://10.0.0.5:9000/status')).toBe(true)
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://share/x',
      'ms-settings:',
      'data:text/html,hi',
      'nonsense'
    ]) {
      expect(isExternalLinkAllowed(url)).toBe(false)
    }
  })
})

describe('isPermissionAllowed', () => {
  it('allows notifications and nothing else', () => {
    expect(isPermissionAllowed('notifications')).toBe(true)
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen', 'unknown']) {
      expect(isPermissionAllowed(p)).toBe(false)
    }
  })
})

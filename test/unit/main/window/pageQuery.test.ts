import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isAppUrl, resolveAppEntry } from '../../../../src/main/window/appEntry'
import { layoutFromUrl, pageLoad, pageQuery } from '../../../../src/main/window/pageQuery'

const indexHtml = join('/opt', 'Tickwire', 'out', 'renderer', 'index.html')
const fileEntry = resolveAppEntry(undefined, indexHtml)
const devEntry = resolveAppEntry('http://localhost:5173/', indexHtml)

describe('pageQuery', () => {
  it('says only what differs from a plain window', () => {
    expect(pageQuery({ layout: null, kiosk: false })).toEqual({})
    expect(pageQuery({ layout: 'Wall 2', kiosk: false })).toEqual({ layout: 'Wall 2' })
    expect(pageQuery({ layout: null, kiosk: true })).toEqual({ kiosk: '1' })
    expect(pageQuery({ layout: 'Gauges & more', kiosk: true })).toEqual({
      layout: 'Gauges & more',
      kiosk: '1'
    })
  })
})

describe('pageLoad', () => {
  it('loads the built file with the query as loadFile options', () => {
    expect(pageLoad(fileEntry, { layout: 'Desk', kiosk: true })).toEqual({
      kind: 'file',
      file: indexHtml,
      query: { layout: 'Desk', kiosk: '1' }
    })
  })

  it('puts the query on the dev server URL, encoded, so the page reads back the same name', () => {
    const load = pageLoad(devEntry, { layout: 'Überblick & Co #1', kiosk: true })
    expect(load.kind).toBe('url')
    const url = new URL((load as { url: string }).url)
    expect(url.origin).toBe('http://localhost:5173')
    expect(url.searchParams.get('layout')).toBe('Überblick & Co #1')
    expect(url.searchParams.get('kiosk')).toBe('1')
    expect(url.hash).toBe('')
    expect(isAppUrl(url.href, devEntry)).toBe(true)
  })

  it('still counts our page with a query as our page (IPC sender and navigation checks)', () => {
    // What Electron's loadFile(file, { query }) makes of it.
    const url = new URL(pathToFileURL(indexHtml).href)
    for (const [name, value] of Object.entries(pageQuery({ layout: 'Wall 2/Ω', kiosk: true })))
      url.searchParams.set(name, value)
    expect(isAppUrl(url.href, fileEntry)).toBe(true)
    expect(new URL(url.href).searchParams.get('layout')).toBe('Wall 2/Ω')
  })
})

describe('layoutFromUrl', () => {
  it('reads the layout a page URL names, or null for none or one no layout could have', () => {
    const own = pathToFileURL(indexHtml).href
    expect(layoutFromUrl(`${own}?layout=Wall%202&kiosk=1`)).toBe('Wall 2')
    expect(layoutFromUrl(own)).toBeNull()
    expect(layoutFromUrl(`${own}?layout=`)).toBeNull()
    expect(layoutFromUrl(`${own}?layout=${'x'.repeat(41)}`)).toBeNull()
    expect(layoutFromUrl('not a url')).toBeNull()
  })
})

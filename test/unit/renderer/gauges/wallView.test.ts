import { describe, expect, it } from 'vitest'
import { loadWallView, saveWallView, WALL_VIEW_KEY } from '@renderer/gauges/wallView'

describe('wall view choice', () => {
  it('takes the address first, then the saved toggle', () => {
    const saved = new Map<string, string>()
    const storage = {
      getItem: (k: string) => saved.get(k) ?? null,
      setItem: (k: string, v: string) => void saved.set(k, v)
    }
    expect(loadWallView('', storage)).toBe(false)
    saveWallView(true, storage)
    expect(saved.get(WALL_VIEW_KEY)).toBe('true')
    expect(loadWallView('?token=x', storage)).toBe(true)
    expect(loadWallView('?view=overview', storage)).toBe(false)
    expect(loadWallView('?view=wall', null)).toBe(true)
  })
})

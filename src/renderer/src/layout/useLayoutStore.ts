import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import {
  clampSplit,
  cloneLayout,
  DEFAULT_LAYOUT,
  layoutNameProblem,
  type FillPanel,
  type Layout,
  type LayoutPanel,
  type NamedLayout,
  type SplitName
} from '@shared/layouts'
import { commandErrorText, type RequestCommand } from '../transport/commandClient'
import {
  addressWithLayout,
  browserStorage,
  layoutFromQuery,
  loadWorkingLayout,
  saveWorkingLayout
} from './layoutPersistence'

const sameLayout = (a: Layout, b: Layout): boolean => JSON.stringify(a) === JSON.stringify(b)

/**
 * The window's arrangement (panels shown, splitters, one panel filling it) and the named layouts
 * saved in the engine's state directory (`layouts.json`). `?layout=<name>` opens a saved one;
 * kiosk mode locks the arrangement (nothing here changes it then).
 */
export const useLayoutStore = defineStore('layout', () => {
  const layout = ref<Layout>(cloneLayout(DEFAULT_LAYOUT))
  /** The saved layout this arrangement came from, if any. */
  const name = ref<string | null>(null)
  const saved = shallowRef<NamedLayout[]>([])
  const error = ref<string | null>(null)
  const busy = ref(false)
  const locked = ref(false)
  /** `?layout=`: applied once the saved layouts are known. */
  let wanted: string | null = null
  /** Set from the address: then this window keeps no working copy of its own. */
  let fromAddress = false
  let request: RequestCommand | null = null

  /** The arrangement differs from the saved layout it came from. */
  const modified = computed(() => {
    if (name.value === null) return false
    const base = saved.value.find((l) => l.name === name.value)
    return base === undefined || !sameLayout(base.layout, layout.value)
  })

  function init(search: string, kiosk: boolean): void {
    locked.value = kiosk
    wanted = layoutFromQuery(search)
    if (wanted !== null && layoutNameProblem(wanted) !== null) {
      error.value = 'The address names no valid layout (?layout=): showing the default layout.'
      wanted = null
    }
    fromAddress = wanted !== null
    if (!fromAddress) layout.value = loadWorkingLayout(browserStorage()) ?? cloneLayout(DEFAULT_LAYOUT)
  }

  function connect(requestCommand: RequestCommand): void {
    request = requestCommand
  }

  function persist(): void {
    if (!fromAddress) saveWorkingLayout(layout.value, browserStorage())
  }

  /** The address follows the saved layout shown (or none), without a reload. */
  function showInAddress(target: string | null): void {
    fromAddress = target !== null
    try {
      const location = globalThis.location
      if (location !== undefined)
        history.replaceState(history.state, '', addressWithLayout(location.href, target))
    } catch {
      // An address that cannot change (a sandboxed frame) only loses the bookmark.
    }
  }

  async function send<T>(action: (send: RequestCommand) => Promise<T>): Promise<T | null> {
    if (request === null) {
      error.value = 'Not connected to the engine'
      return null
    }
    busy.value = true
    try {
      return await action(request)
    } catch (err) {
      error.value = commandErrorText(err)
      return null
    } finally {
      busy.value = false
    }
  }

  /** Asks for the saved layouts (after every hello); applies `?layout=` the first time. */
  async function refresh(): Promise<void> {
    const list = await send((s) => s('listLayouts', {}))
    if (list === null) return
    saved.value = list
    if (wanted !== null) {
      const target = wanted
      wanted = null
      const found = list.find((l) => l.name === target)
      if (found === undefined)
        error.value = `There is no saved layout named “${target}”: showing the default layout.`
      else {
        layout.value = cloneLayout(found.layout)
        name.value = found.name
      }
    }
  }

  function change(edit: (draft: Layout) => void): void {
    if (locked.value) return
    // Arranged by hand before the saved layouts arrived: `?layout=` no longer overrides it.
    wanted = null
    const draft = cloneLayout(layout.value)
    edit(draft)
    layout.value = draft
    persist()
  }

  function setPanel(panel: LayoutPanel, on: boolean): void {
    change((d) => {
      d.panels[panel] = on
      // Unticking the panel that fills the window ends the filling.
      if (!on && d.fill === panel) d.fill = null
      // Hiding the last panel would leave an empty window: the others come back instead.
      if (!Object.values(d.panels).some(Boolean)) d.panels = { ...DEFAULT_LAYOUT.panels }
      // Showing a panel while one fills the window means the user wants the arrangement back.
      if (on) d.fill = null
    })
  }

  function setFill(panel: FillPanel | null): void {
    change((d) => {
      d.fill = panel
    })
  }

  /** A splitter moved; `persist` false while dragging (one write when the drag ends). */
  function setSplit(split: SplitName, value: number, keep = true): void {
    if (locked.value) return
    const next = clampSplit(split, value)
    if (layout.value.split[split] === next && !keep) return
    layout.value = { ...layout.value, split: { ...layout.value.split, [split]: next } }
    if (keep) persist()
  }

  function reset(): void {
    if (locked.value) return
    showInAddress(null)
    change((d) => Object.assign(d, cloneLayout(DEFAULT_LAYOUT)))
    name.value = null
  }

  function apply(target: string): void {
    if (locked.value) return
    const found = saved.value.find((l) => l.name === target)
    if (found === undefined) {
      error.value = `There is no saved layout named “${target}”.`
      return
    }
    error.value = null
    layout.value = cloneLayout(found.layout)
    name.value = found.name
    showInAddress(found.name)
  }

  async function saveAs(target: string): Promise<boolean> {
    if (locked.value) return false
    error.value = null
    const list = await send((s) =>
      s('saveLayout', { name: target.trim(), layout: cloneLayout(layout.value) })
    )
    if (list === null) return false
    saved.value = list
    name.value = target.trim()
    showInAddress(name.value)
    return true
  }

  async function remove(target: string): Promise<void> {
    if (locked.value) return
    error.value = null
    const list = await send((s) => s('deleteLayout', { name: target }))
    if (list === null) return
    saved.value = list
    if (name.value === target) {
      name.value = null
      showInAddress(null)
      persist()
    }
  }

  return {
    layout,
    name,
    saved,
    error,
    busy,
    locked,
    modified,
    init,
    connect,
    refresh,
    setPanel,
    setFill,
    setSplit,
    reset,
    apply,
    saveAs,
    remove
  }
})

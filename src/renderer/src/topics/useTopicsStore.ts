import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import {
  MAX_TREE_EXCEPTION_CHARS,
  MAX_TREE_EXCEPTIONS,
  type TopicMessages,
  type TopicTreePage,
  type TopicTreeRow,
  type TreeExpansion
} from '@shared/topics'
import { commandErrorText, type RequestCommand } from '../transport/commandClient'

/** The open tree and the selected topic's messages are asked for again this often. */
const REFRESH_MS = 1_000

/**
 * The Topics view: which broker connection it shows, the filter and the levels opened or closed,
 * the page of rows in sight (asked of the engine, one request at a time, the latest wish winning),
 * and the selected topic's last messages, refreshed every second unless paused.
 */
export const useTopicsStore = defineStore('topics', () => {
  const open = ref(false)
  const source = ref<string | null>(null)
  const filter = ref('')
  const expand = ref<TreeExpansion>('all')
  /** Levels whose state differs from `expand`. */
  const except = shallowRef<readonly string[]>([])
  const page = shallowRef<TopicTreePage | null>(null)
  const treeError = ref<string | null>(null)
  const selected = ref<string | null>(null)
  /** Whether anything was published to the selected topic itself (a level may have nothing). */
  const selectedOwn = ref(false)
  /** The message whose payload is shown (its `seq`); null follows the newest. */
  const chosen = ref<number | null>(null)
  const messages = shallowRef<TopicMessages | null>(null)
  const messagesError = ref<string | null>(null)
  const paused = ref(false)
  let request: RequestCommand | null = null
  let timer: ReturnType<typeof setInterval> | null = null
  let rows = { offset: 0, limit: 100 }
  let treeBusy = false
  let treeAgain = false
  let messagesBusy = false
  let messagesAgain = false

  function connect(requestCommand: RequestCommand): void {
    request = requestCommand
  }

  async function loadTree(): Promise<void> {
    if (treeBusy) {
      treeAgain = true
      return
    }
    treeBusy = true
    try {
      do {
        treeAgain = false
        const id = source.value
        const wanted = filter.value
        if (request === null || id === null || !open.value) return
        try {
          const answer = await request('topicTree', {
            source: id,
            filter: filter.value,
            expand: expand.value,
            except: [...except.value],
            offset: rows.offset,
            limit: rows.limit
          })
          // An answer for a filter since changed is not shown: the loop asks again.
          if (id === source.value && wanted === filter.value) {
            page.value = answer
            treeError.value = null
          }
        } catch (err) {
          treeError.value = commandErrorText(err)
        }
      } while (treeAgain)
    } finally {
      treeBusy = false
    }
  }

  async function loadMessages(): Promise<void> {
    if (messagesBusy) {
      messagesAgain = true
      return
    }
    messagesBusy = true
    try {
      do {
        messagesAgain = false
        const id = source.value
        const topic = selected.value
        const seq = chosen.value
        if (request === null || id === null || topic === null || !selectedOwn.value) return
        try {
          const answer = await request('topicMessages', {
            source: id,
            topic,
            ...(seq === null ? {} : { message: seq })
          })
          if (id === source.value && topic === selected.value && seq === chosen.value) {
            messages.value = answer
            messagesError.value = null
          }
        } catch (err) {
          if (topic === selected.value) messagesError.value = commandErrorText(err)
        }
      } while (messagesAgain)
    } finally {
      messagesBusy = false
    }
  }

  function refresh(): void {
    void loadTree()
    if (!paused.value) void loadMessages()
  }

  /** Opens the view on `sources[0]` unless the one shown before is still among them. */
  function show(sources: readonly string[]): void {
    open.value = true
    if (source.value === null || !sources.includes(source.value)) setSource(sources[0] ?? null)
    else refresh()
    timer ??= setInterval(refresh, REFRESH_MS)
  }

  function hide(): void {
    open.value = false
    if (timer !== null) clearInterval(timer)
    timer = null
  }

  function setSource(id: string | null): void {
    source.value = id
    except.value = []
    page.value = null
    treeError.value = null
    select(null)
    void loadTree()
  }

  /** The rows in sight changed (scrolling, resizing). */
  function view(offset: number, limit: number): void {
    if (offset === rows.offset && limit === rows.limit) return
    rows = { offset, limit }
    void loadTree()
  }

  function setFilter(text: string): void {
    if (text === filter.value) return
    filter.value = text
    void loadTree()
  }

  function setExpand(mode: TreeExpansion): void {
    expand.value = mode
    except.value = []
    void loadTree()
  }

  /** Opens a closed level or closes an open one. */
  function toggle(row: TopicTreeRow): void {
    const wasException = except.value.includes(row.topic)
    const next = wasException ? except.value.filter((t) => t !== row.topic) : [...except.value, row.topic]
    // Within the engine's bounds: the oldest of the user's choices go first.
    let chars = next.reduce((n, t) => n + t.length, 0)
    while (next.length > MAX_TREE_EXCEPTIONS || chars > MAX_TREE_EXCEPTION_CHARS)
      chars -= next.shift()!.length
    except.value = next
    void loadTree()
  }

  function select(topic: string | null, own = true): void {
    // The row already shown: the message chosen in it stays chosen.
    if (topic !== null && topic === selected.value && own === selectedOwn.value) return
    selected.value = topic
    selectedOwn.value = topic !== null && own
    chosen.value = null
    messages.value = null
    messagesError.value = null
    if (topic !== null) void loadMessages()
  }

  /** Shows message `seq`'s payload (null: the newest, followed as new ones arrive). */
  function choose(seq: number | null): void {
    chosen.value = seq
    void loadMessages()
  }

  function setPaused(on: boolean): void {
    paused.value = on
    if (!on) void loadMessages()
  }

  return {
    open,
    source,
    filter,
    expand,
    except,
    page,
    treeError,
    selected,
    selectedOwn,
    chosen,
    messages,
    messagesError,
    paused,
    connect,
    show,
    hide,
    setSource,
    view,
    setFilter,
    setExpand,
    toggle,
    select,
    choose,
    setPaused
  }
})

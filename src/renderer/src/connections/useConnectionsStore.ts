import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { ConnectionEntry, ConnectionsList, SecretStorageInfo } from '@shared/connections/connectionModel'
import type { ConnectionTestVerdict } from '@shared/connections/connectionTest'
import type { SourceKind } from '@shared/model'
import { commandErrorText, type RequestCommand } from '../transport/commandClient'
import { emptyForm, formFromEntry, payloadFromForm, type ConnectionForm } from './connectionForm'

/**
 * The Connections view: the list as the engine last answered it, the form being edited, and the
 * last test's verdict. Everything goes through commands; the list is asked for again after each
 * change and whenever the engine sends a fresh hello (another view changed the sources).
 */
export const useConnectionsStore = defineStore('connections', () => {
  const open = ref(false)
  const list = shallowRef<ConnectionEntry[]>([])
  const storage = shallowRef<SecretStorageInfo | null>(null)
  const form = ref<ConnectionForm | null>(null)
  /** The id the edited connection had (an edit, not an add). */
  const editing = ref<string | null>(null)
  const verdict = shallowRef<ConnectionTestVerdict | null>(null)
  const busy = ref<'saving' | 'testing' | 'loading' | null>(null)
  const error = ref<{ field: string | null; message: string } | null>(null)
  const transfer = ref<string | null>(null)
  let request: RequestCommand | null = null

  function connect(requestCommand: RequestCommand): void {
    request = requestCommand
  }

  async function run<T>(
    what: typeof busy.value,
    action: (send: RequestCommand) => Promise<T>
  ): Promise<T | null> {
    if (request === null) {
      error.value = { field: null, message: 'Not connected to the engine' }
      return null
    }
    busy.value = what
    try {
      const result = await action(request)
      return result
    } catch (err) {
      error.value = { field: null, message: commandErrorText(err) }
      return null
    } finally {
      busy.value = null
    }
  }

  async function refresh(): Promise<void> {
    if (!open.value) return
    const result = await run('loading', (send) => send('listConnections', {}))
    if (result !== null) apply(result)
  }

  function apply(result: ConnectionsList): void {
    list.value = result.connections
    storage.value = result.storage
  }

  function show(): void {
    open.value = true
    error.value = null
    void refresh()
  }

  function hide(): void {
    open.value = false
    form.value = null
    verdict.value = null
    transfer.value = null
  }

  function startAdd(kind: SourceKind): void {
    form.value = emptyForm(kind)
    editing.value = null
    verdict.value = null
    error.value = null
  }

  function startEdit(entry: ConnectionEntry, copy = false): void {
    form.value = formFromEntry(entry, copy)
    editing.value = copy ? null : entry.id
    verdict.value = null
    error.value = null
  }

  function cancel(): void {
    form.value = null
    verdict.value = null
    error.value = null
  }

  function payload() {
    if (form.value === null) return null
    const p = payloadFromForm(form.value)
    if ('error' in p) {
      error.value = { field: p.field, message: `${p.field}: ${p.error}` }
      return null
    }
    error.value = null
    return { ...p, ...(editing.value === null ? {} : { previousId: editing.value }) }
  }

  async function test(): Promise<void> {
    const p = payload()
    if (p === null) return
    verdict.value = null
    verdict.value = await run('testing', (send) => send('testConnection', p))
  }

  /** Tests a saved connection as it is: opened in the form, with its verdict below. */
  async function testSaved(entry: ConnectionEntry): Promise<void> {
    startEdit(entry)
    await test()
  }

  async function save(): Promise<void> {
    const p = payload()
    if (p === null) return
    const saved = await run('saving', (send) => send('saveConnection', p))
    if (saved === null) return
    form.value = null
    verdict.value = null
    await refresh()
  }

  async function remove(id: string): Promise<void> {
    if ((await run('saving', (send) => send('removeConnection', { id }))) !== null) await refresh()
  }

  async function setEnabled(id: string, enabled: boolean): Promise<void> {
    if ((await run('saving', (send) => send('setConnectionEnabled', { id, enabled }))) !== null)
      await refresh()
  }

  async function exportAll(includeSecrets: boolean): Promise<string | null> {
    const result = await run('loading', (send) => send('exportConnections', { includeSecrets }))
    return result?.text ?? null
  }

  async function importText(text: string): Promise<string[] | null> {
    const result = await run('saving', (send) => send('importConnections', { text }))
    if (result !== null) await refresh()
    return result?.added ?? null
  }

  return {
    open,
    list,
    storage,
    form,
    editing,
    verdict,
    busy,
    error,
    transfer,
    connect,
    refresh,
    show,
    hide,
    startAdd,
    startEdit,
    cancel,
    test,
    testSaved,
    save,
    remove,
    setEnabled,
    exportAll,
    importText
  }
})

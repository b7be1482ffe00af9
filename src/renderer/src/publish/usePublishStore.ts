import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { CommandArgsInput } from '@shared/commands/commandRegistry'
import type { PublishJournalEntry, PublishOutcome } from '@shared/publish'
import { commandErrorText, type RequestCommand } from '../transport/commandClient'

/** What the last publish came to, as the panel shows it. */
export interface PublishVerdict {
  result: PublishOutcome
  text: string
  /** The publish happened but could not be journaled: why. */
  journalProblem?: string
}

/**
 * The Publish panel: sends `publish`, shows the broker's answer (or the engine's refusal) and the
 * journal of recent publishes, asked for again after each one.
 */
export const usePublishStore = defineStore('publish', () => {
  const open = ref(false)
  const busy = ref(false)
  const verdict = shallowRef<PublishVerdict | null>(null)
  const journal = shallowRef<PublishJournalEntry[]>([])
  let request: RequestCommand | null = null

  function connect(requestCommand: RequestCommand): void {
    request = requestCommand
  }

  async function refresh(): Promise<void> {
    if (request === null || !open.value) return
    try {
      journal.value = await request('publishJournal', {})
    } catch {
      // A viewer may not read the journal: the panel says so through its disabled form.
      journal.value = []
    }
  }

  async function publish(args: CommandArgsInput<'publish'>): Promise<void> {
    if (request === null) {
      verdict.value = { result: 'error', text: 'Not connected to the engine' }
      return
    }
    busy.value = true
    try {
      const answer = await request('publish', args)
      const code = answer.reasonCode === null ? '' : ` (0x${answer.reasonCode.toString(16).padStart(2, '0')})`
      verdict.value = {
        result: answer.result,
        text:
          answer.result === 'ok'
            ? `Published ${answer.bytes} bytes: ${answer.reason}${code}`
            : answer.result === 'refused'
              ? `Refused by the broker: ${answer.reason}${code}`
              : `Not published: ${answer.reason}`,
        ...(answer.journalProblem === null ? {} : { journalProblem: answer.journalProblem })
      }
    } catch (err) {
      // The engine's refusal (publishing off, the role, a bad payload): nothing reached the broker.
      verdict.value = { result: 'refused', text: commandErrorText(err) }
    } finally {
      busy.value = false
    }
    await refresh()
  }

  function show(): void {
    open.value = true
    void refresh()
  }

  function hide(): void {
    open.value = false
  }

  return { open, busy, verdict, journal, connect, publish, refresh, show, hide }
})

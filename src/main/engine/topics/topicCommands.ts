import type { Disposable } from '@shared/disposable'
import { diagnosticText } from '@shared/visibleText'
import { CommandRefused, type CommandRouter } from '../commands/commandRouter'
import { hasTopics, type TopicTracker } from './topicTracker'

/** The topic explorer's commands: a page of a broker's topics, one topic's last messages. */
export function registerTopicCommands(
  commands: CommandRouter,
  sourceOf: (sourceId: string) => unknown
): Disposable[] {
  const tracker = (source: string): TopicTracker => {
    const running = sourceOf(source)
    const found = hasTopics(running) ? running.topics : undefined
    if (found === undefined)
      throw new CommandRefused(`there is no MQTT connection "${diagnosticText(source, 64)}"`)
    return found
  }
  return [
    commands.register('topicTree', (args) => tracker(args.source).tree(args)),
    commands.register('topicMessages', (args) => {
      const messages = tracker(args.source).messages(args.topic, args.message ?? null)
      if (messages === undefined)
        throw new CommandRefused(`no message seen on "${diagnosticText(args.topic, 120)}"`)
      return messages
    })
  ]
}

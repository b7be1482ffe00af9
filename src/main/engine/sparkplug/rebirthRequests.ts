import { rebirthRequest } from './sparkplugPayload'
import {
  MAX_REBIRTHS_PER_INTERVAL,
  MAX_SPARKPLUG_NODES,
  REBIRTH_INTERVAL_MS,
  type EdgeNode
} from './sparkplugNodes'

/** How a Sparkplug command is sent: a topic and its payload. */
export type SparkplugCommand = (topic: string, payload: Buffer) => void

/**
 * The Rebirth requests (NCMD `Node Control/Rebirth`) one connection sends: none without a way to
 * send commands, at most one per node every `REBIRTH_INTERVAL_MS` and `MAX_REBIRTHS_PER_INTERVAL`
 * for all nodes together, so a flood of data from unborn nodes never becomes a flood of commands.
 */
export class RebirthRequests {
  private window = { since: -Infinity, count: 0 }
  /** A node never born is remembered (bounded) only so that it is not asked every message. */
  private readonly askedUnborn = new Map<string, number>()

  constructor(private readonly command: SparkplugCommand | null) {}

  /** Asks the node to rebirth unless that would be too soon or too many; true when asked. */
  ask(group: string, nodeName: string, node: EdgeNode | undefined, now: number): boolean {
    if (this.command === null) return false
    const nodeKey = `${group}/${nodeName}`
    const asked = node?.rebirthAskedAt ?? this.askedUnborn.get(nodeKey) ?? -Infinity
    if (now - this.window.since >= REBIRTH_INTERVAL_MS) this.window = { since: now, count: 0 }
    if (now - asked < REBIRTH_INTERVAL_MS || this.window.count >= MAX_REBIRTHS_PER_INTERVAL) return false
    this.window.count++
    if (node !== undefined) node.rebirthAskedAt = now
    else {
      if (this.askedUnborn.size >= MAX_SPARKPLUG_NODES) this.askedUnborn.clear()
      this.askedUnborn.set(nodeKey, now)
    }
    this.command(`spBv1.0/${group}/NCMD/${nodeName}`, rebirthRequest(now))
    return true
  }
}

import type { Disposable } from '@shared/disposable'

/**
 * The "after paint" trick: a message posted on a MessageChannel from inside a
 * requestAnimationFrame callback is delivered as a task after that frame's rendering step, so its
 * handler sees the time the frame was actually painted.
 */
export interface AfterPaint extends Disposable {
  schedule(callback: () => void): void
}

export function createAfterPaint(): AfterPaint {
  const channel = new MessageChannel()
  let queue: (() => void)[] = []
  channel.port1.onmessage = () => {
    const callback = queue.shift()
    callback?.()
  }
  return {
    schedule(callback) {
      queue.push(callback)
      channel.port2.postMessage(null)
    },
    dispose() {
      queue = []
      channel.port1.onmessage = null
      channel.port1.close()
      channel.port2.close()
    }
  }
}

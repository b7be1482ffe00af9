/** Run by lastResort.test.ts in its own process: throws from a timer, then proves it still runs. */
import { installLastResortHandlers } from '../../../src/main/runtime/lastResort'

installLastResortHandlers((line) => process.stderr.write(`tickwire: ${line}\n`))
setTimeout(() => {
  throw new Error('bug in a callback\u202e with wire text')
}, 10)
setTimeout(() => void Promise.reject(new TypeError('nobody awaited me')), 20)
setTimeout(() => {
  process.stdout.write('still running\n')
  process.exit(0)
}, 100)

/**
 * Child process for the kill -9 test: raises alarms into a journal as fast as it can, three per
 * event-loop turn (one group commit), printing the last sequence number of a turn only once that
 * turn's batch is written and fsynced: the journal's flush is queued with `setImmediate` by the
 * first `append`, before ours, and immediates run in order.
 */
import { AlarmJournal } from '../../../src/main/runtime/alarmJournal'

const stateDir = process.argv[2]
const journal = new AlarmJournal({ stateDir, report: (p) => process.stderr.write(`${p}\n`) })
let n = 0
function record(): void {
  for (let i = 0; i < 3; i++) appendOne()
  const last = n - 1
  setImmediate(() => {
    process.stdout.write(`${last}\n`)
    record()
  })
}

function appendOne(): void {
  const id = `a${n}`
  journal.append({
    event: 'raised',
    at: Date.now(),
    alarm: {
      id,
      key: `plant/s${n % 50}`,
      source: 'plant',
      label: `Sensor ${n} `.repeat(8),
      condition: 'high-warn',
      severity: 'warn',
      state: 'active-unacked',
      threshold: 80,
      value: n,
      lastValue: n,
      unit: '°C',
      raisedAt: Date.now(),
      clearedAt: null,
      ackedAt: null,
      ackedBy: null
    }
  })
  n++
}
record()

/**
 * Child process for the kill -9 test: raises, acks and clears alarms into a journal as fast as it
 * can, printing each event's sequence number only after `append` returned (written and fsynced).
 */
import { AlarmJournal } from '../../../src/main/runtime/alarmJournal'

const stateDir = process.argv[2]
const journal = new AlarmJournal({ stateDir, report: (p) => process.stderr.write(`${p}\n`) })
let n = 0
function record(): void {
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
  process.stdout.write(`${n}\n`)
  n++
  setImmediate(record)
}
record()

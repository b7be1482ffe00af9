/**
 * `npm run bench -- history`: the memory history takes, measured by feeding the engine's history
 * book the two loads the README quotes, on a simulated clock (values are what a feed would send;
 * time advances without waiting): 500 symbols at 20,000 msg/s for an hour (each a price and a
 * bid/ask quote) and 2,000 sensors at 1 Hz for 24 hours. Reports the bytes the rings hold (what
 * the budget is charged), the per-key figure, and the time per value. Prints JSON.
 */
import { performance } from 'node:perf_hooks'
import { HistoryBook } from '../src/main/engine/history/historyBook'

const HOUR = 3_600_000
const MiB = 2 ** 20

function run(what: string, keys: number, perKeyHz: number, hours: number, kind: 'ticker' | 'sensor') {
  // Budget out of the way: this measures what the load needs, not what a budget allows.
  const book = new HistoryBook({ retentionMs: 24 * HOUR, memoryBytes: 64 * 1024 * MiB })
  const histories = Array.from({ length: keys }, (_, k) => book.of(`src/key${k}`, kind)!)
  const stepMs = 1000 / (keys * perKeyHz)
  const total = Math.round(keys * perKeyHz * hours * 3600)
  let t = Date.UTC(2026, 11, 2)
  let price = 100
  const started = performance.now()
  for (let i = 0; i < total; i++) {
    t += stepMs
    price += ((i * 7919) % 13) / 100 - 0.06
    const h = histories[i % keys]
    if (kind === 'ticker') h.quote(t, price - 0.01, price + 0.01)
    h.value(t, price)
    // Quiet minutes close on the engine's sweep timer; here every simulated 5 s.
    if (i % Math.max(1, Math.round(5000 / stepMs)) === 0) book.sweep(t)
  }
  const ns = ((performance.now() - started) * 1e6) / total
  const stats = book.stats()
  return {
    what,
    keys,
    values: total,
    historyMiB: Number((stats.bytes / MiB).toFixed(1)),
    perKeyKiB: Number((stats.bytes / keys / 1024).toFixed(1)),
    nsPerValue: Number(ns.toFixed(1))
  }
}

const markets = run('500 symbols at 20,000 msg/s for 1 h (40 updates a second each)', 500, 40, 1, 'ticker')
const sensors = run('2,000 sensors at 1 Hz for 24 h', 2_000, 1, 24, 'sensor')
console.log(JSON.stringify({ benchmark: 'history', markets, sensors }, null, 2))

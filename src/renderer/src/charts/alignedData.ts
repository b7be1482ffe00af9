/**
 * Several series on their own timelines joined onto one ascending x axis (uPlot's aligned data):
 * where a table has no sample at an x, its columns hold `null` (drawn as a gap, or spanned).
 */
export type Table = readonly [times: readonly number[], ...columns: readonly (readonly (number | null)[])[]]

export function joinTables(tables: readonly Table[]): [number[], ...(number | null)[][]] {
  // One table is already aligned: no copy (this runs every frame the chart moves).
  if (tables.length === 1) return tables[0] as unknown as [number[], ...(number | null)[][]]
  const xs: number[] = []
  const cursors = tables.map(() => 0)
  for (;;) {
    let next = Infinity
    tables.forEach(([times], i) => {
      if (cursors[i] < times.length && times[cursors[i]] < next) next = times[cursors[i]]
    })
    if (next === Infinity) break
    xs.push(next)
    tables.forEach(([times], i) => {
      while (cursors[i] < times.length && times[cursors[i]] === next) cursors[i]++
    })
  }
  const out: [number[], ...(number | null)[][]] = [xs]
  for (const [times, ...columns] of tables) {
    const aligned = columns.map(() => new Array<number | null>(xs.length).fill(null))
    let j = 0
    for (let i = 0; i < times.length; i++) {
      while (xs[j] < times[i]) j++
      // Two samples at the same time: the later one wins.
      columns.forEach((column, c) => (aligned[c][j] = column[i]))
    }
    out.push(...aligned)
  }
  return out
}

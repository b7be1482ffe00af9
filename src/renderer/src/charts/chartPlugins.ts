import type uPlot from 'uplot'
import type { ChartTrace } from './chartTrace'
import { canvasPalette, withAlpha } from '../theme/canvasPalette'

/** A sensor's limits, drawn as bands behind its value. */
export interface LimitBands {
  lowAlarm: number | null
  lowWarn: number | null
  warn: number | null
  alarm: number | null
}

/** An alarm's raise or clear, drawn as a vertical marker. */
export interface AlarmMarker {
  t: number
  kind: 'raise' | 'clear'
  severity: 'alarm' | 'warn' | 'stale'
  label: string
}

/** The theme's state colours for the plugins, resolved when a plot draws. */
function colors() {
  const p = canvasPalette()
  return {
    warn: withAlpha(p.warn, 0.1),
    alarm: withAlpha(p.alarm, 0.13),
    warnLine: withAlpha(p.warn, 0.55),
    alarmLine: withAlpha(p.alarm, 0.65),
    warnMark: p.warn,
    alarmMark: p.alarm,
    up: p.up,
    down: p.down,
    clear: withAlpha(p.up, 0.8),
    stale: withAlpha(p.stale, 0.9),
    quoteBand: withAlpha(p.text2, 0.1),
    ask: withAlpha(p.down, 0.55),
    bid: withAlpha(p.up, 0.55)
  }
}

/** Warn and alarm regions behind the series (ISA-101: colour only where it means abnormal). */
export function limitBandsPlugin(limits: () => LimitBands | null, scale: string): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
        const COLORS = colors()
        const l = limits()
        if (l === null) return
        const { ctx, bbox } = u
        const y = (v: number): number =>
          Math.min(bbox.top + bbox.height, Math.max(bbox.top, u.valToPos(v, scale, true)))
        const fill = (a: number, b: number, color: string): void => {
          ctx.fillStyle = color
          ctx.fillRect(bbox.left, Math.min(a, b), bbox.width, Math.abs(b - a))
        }
        const top = bbox.top
        const bottom = bbox.top + bbox.height
        ctx.save()
        if (l.warn !== null) fill(top, y(l.warn), COLORS.warn)
        if (l.alarm !== null) fill(top, y(l.alarm), COLORS.alarm)
        if (l.lowWarn !== null) fill(bottom, y(l.lowWarn), COLORS.warn)
        if (l.lowAlarm !== null) fill(bottom, y(l.lowAlarm), COLORS.alarm)
        ctx.setLineDash([4 * devicePixelRatio, 4 * devicePixelRatio])
        ctx.lineWidth = devicePixelRatio
        for (const [v, color] of [
          [l.warn, COLORS.warnLine],
          [l.lowWarn, COLORS.warnLine],
          [l.alarm, COLORS.alarmLine],
          [l.lowAlarm, COLORS.alarmLine]
        ] as const) {
          if (v === null) continue
          ctx.strokeStyle = color
          ctx.beginPath()
          ctx.moveTo(bbox.left, y(v))
          ctx.lineTo(bbox.left + bbox.width, y(v))
          ctx.stroke()
        }
        ctx.restore()
      }
    }
  }
}

/** Alarm raise (severity colour) and clear (green) markers over the series. */
export function alarmMarkersPlugin(markers: () => readonly AlarmMarker[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const COLORS = colors()
        const { ctx, bbox } = u
        const min = u.scales.x.min ?? -Infinity
        const max = u.scales.x.max ?? Infinity
        ctx.save()
        ctx.lineWidth = 1.5 * devicePixelRatio
        for (const m of markers()) {
          if (m.t < min || m.t > max) continue
          const x = Math.round(u.valToPos(m.t, 'x', true))
          ctx.strokeStyle =
            m.kind === 'clear'
              ? COLORS.clear
              : m.severity === 'stale'
                ? COLORS.stale
                : m.severity === 'warn'
                  ? COLORS.warnMark
                  : COLORS.alarmMark
          ctx.beginPath()
          ctx.moveTo(x, bbox.top)
          ctx.lineTo(x, bbox.top + bbox.height)
          ctx.stroke()
          // A small flag at the top says which it is without a legend.
          ctx.fillStyle = ctx.strokeStyle
          ctx.beginPath()
          ctx.moveTo(x, bbox.top)
          ctx.lineTo(x + 7 * devicePixelRatio, bbox.top + 4 * devicePixelRatio)
          ctx.lineTo(x, bbox.top + 8 * devicePixelRatio)
          ctx.fill()
        }
        ctx.restore()
      }
    }
  }
}

/** Candles from per-minute buckets: body first→last, wick min→max, green up, red down. */
export function candlesPlugin(trace: () => ChartTrace | null, scale: string): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const COLORS = colors()
        const tr = trace()
        if (tr === null || tr.width === 0) return
        const { ctx } = u
        const min = u.scales.x.min ?? -Infinity
        const max = u.scales.x.max ?? Infinity
        const px = Math.abs(u.valToPos(tr.width, 'x', true) - u.valToPos(0, 'x', true))
        const body = Math.max(1, Math.floor(px * 0.7))
        ctx.save()
        for (let i = 0; i < tr.t.length; i++) {
          const t = tr.t[i]
          if (t + tr.width < min || t > max) continue
          const x = Math.round(u.valToPos(t + tr.width / 2, 'x', true))
          const open = u.valToPos(tr.first[i], scale, true)
          const close = u.valToPos(tr.v[i], scale, true)
          const color = tr.v[i] >= tr.first[i] ? COLORS.up : COLORS.down
          ctx.strokeStyle = ctx.fillStyle = color
          ctx.lineWidth = Math.max(1, devicePixelRatio)
          ctx.beginPath()
          ctx.moveTo(x, u.valToPos(tr.hi[i], scale, true))
          ctx.lineTo(x, u.valToPos(tr.lo[i], scale, true))
          ctx.stroke()
          ctx.fillRect(x - body / 2, Math.min(open, close), body, Math.max(1, Math.abs(close - open)))
        }
        ctx.restore()
      }
    }
  }
}

/**
 * A ticker's quote band (lowest bid to highest ask, per second or minute) as a stepped area
 * behind the price, drawn from the trace's own timeline: no column of it is copied per frame.
 */
export function quoteBandPlugin(trace: () => ChartTrace | null, scale: string): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
        const COLORS = colors()
        const tr = trace()
        if (tr === null || tr.bandT.length === 0) return
        const { ctx, bbox } = u
        const min = u.scales.x.min ?? -Infinity
        const max = u.scales.x.max ?? Infinity
        const width = tr.resolution === '1m' ? 60_000 : 1_000
        const top: [number, number][] = []
        const bottom: [number, number][] = []
        let bid: number | null = null
        let ask: number | null = null
        for (let i = 0; i < tr.bandT.length; i++) {
          const t = tr.bandT[i]
          if (t + width < min || t > max) continue
          bid = tr.bid[i] ?? bid
          ask = tr.ask[i] ?? ask
          if (bid === null || ask === null) continue
          const x0 = u.valToPos(Math.max(t, min), 'x', true)
          const x1 = u.valToPos(Math.min(t + width, max), 'x', true)
          const ya = u.valToPos(ask, scale, true)
          const yb = u.valToPos(bid, scale, true)
          top.push([x0, ya], [x1, ya])
          bottom.push([x0, yb], [x1, yb])
        }
        if (top.length === 0) return
        ctx.save()
        ctx.beginPath()
        ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height)
        ctx.clip()
        ctx.beginPath()
        top.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)))
        for (let i = bottom.length - 1; i >= 0; i--) ctx.lineTo(bottom[i][0], bottom[i][1])
        ctx.closePath()
        ctx.fillStyle = COLORS.quoteBand
        ctx.fill()
        ctx.lineWidth = devicePixelRatio
        for (const [edge, color] of [
          [top, COLORS.ask],
          [bottom, COLORS.bid]
        ] as const) {
          ctx.beginPath()
          edge.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(x, y) : ctx.lineTo(x, y)))
          ctx.strokeStyle = color
          ctx.stroke()
        }
        ctx.restore()
      }
    }
  }
}

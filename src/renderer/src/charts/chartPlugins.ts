import type uPlot from 'uplot'
import type { ChartTrace } from './chartTrace'

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

const COLORS = {
  warn: 'rgba(245, 165, 36, 0.10)',
  alarm: 'rgba(255, 77, 79, 0.13)',
  warnLine: 'rgba(245, 165, 36, 0.55)',
  alarmLine: 'rgba(255, 77, 79, 0.65)',
  up: '#26c281',
  down: '#ff5c63',
  clear: 'rgba(38, 194, 129, 0.8)',
  stale: 'rgba(122, 130, 145, 0.9)'
}

/** Warn and alarm regions behind the series (ISA-101: colour only where it means abnormal). */
export function limitBandsPlugin(limits: () => LimitBands | null, scale: string): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
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
                  ? '#f5a524'
                  : '#ff4d4f'
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

import { toDisposable, type Disposable } from '@shared/disposable'

/**
 * A short two-note alert synthesized with Web Audio (no audio files). The context is created on
 * first use, which browsers allow only after a user gesture; `dispose` closes it.
 */
export interface AlarmTone extends Disposable {
  play(): void
  /** Creates/resumes the audio context; call from a click so autoplay rules let it sound later. */
  unlock(): void
}

export function createAlarmTone(): AlarmTone {
  let ctx: AudioContext | null = null

  const context = (): AudioContext | null => {
    if (ctx) return ctx
    const Ctor = globalThis.AudioContext
    if (typeof Ctor !== 'function') return null
    ctx = new Ctor()
    return ctx
  }

  const beep = (audio: AudioContext, at: number, freq: number): void => {
    const osc = audio.createOscillator()
    const gain = audio.createGain()
    osc.type = 'square'
    osc.frequency.value = freq
    gain.gain.setValueAtTime(0.0001, at)
    gain.gain.exponentialRampToValueAtTime(0.12, at + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.22)
    osc.connect(gain).connect(audio.destination)
    osc.start(at)
    osc.stop(at + 0.25)
  }

  const dispose = toDisposable(() => {
    void ctx?.close()
    ctx = null
  })

  return {
    unlock() {
      void context()?.resume()
    },
    play() {
      const audio = context()
      if (!audio) return
      void audio.resume()
      const t = audio.currentTime + 0.01
      beep(audio, t, 880)
      beep(audio, t + 0.3, 660)
    },
    dispose: () => dispose.dispose()
  }
}

// Three tones staff can tell apart without looking at the screen, made with
// WebAudio so no sound files ship and nothing is fetched: ok is one short
// high beep, "route elsewhere" a rising two-note chime, a problem a low,
// harsh double buzz, and a repeat (the same code scanned again: nothing
// wrong, it was already done) one soft low blip. Browsers start audio only after a user gesture; the
// first scan (a key press) is one.
export type Tone = 'ok' | 'route' | 'problem' | 'repeat';

interface Note {
  freq: number;
  start: number;
  dur: number;
  type: OscillatorType;
  gain: number;
}

const TONES: Record<Tone, readonly Note[]> = {
  ok: [{ freq: 1320, start: 0, dur: 0.09, type: 'sine', gain: 0.35 }],
  route: [
    { freq: 660, start: 0, dur: 0.12, type: 'triangle', gain: 0.4 },
    { freq: 990, start: 0.14, dur: 0.18, type: 'triangle', gain: 0.4 },
  ],
  repeat: [{ freq: 520, start: 0, dur: 0.07, type: 'sine', gain: 0.2 }],
  problem: [
    { freq: 180, start: 0, dur: 0.18, type: 'square', gain: 0.22 },
    { freq: 180, start: 0.26, dur: 0.3, type: 'square', gain: 0.22 },
  ],
};

let ctx: AudioContext | null = null;
let muted = false;
/** How many tones of each kind played (specs and the settings page read it). */
export const toneLog: Record<Tone, number> = { ok: 0, route: 0, problem: 0, repeat: 0 };

export function setMuted(value: boolean): void {
  muted = value;
}

export function playTone(tone: Tone): void {
  toneLog[tone]++;
  if (muted || typeof AudioContext === 'undefined') return;
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') void ctx.resume();
    const t0 = ctx.currentTime + 0.01;
    for (const n of TONES[tone]) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = n.type;
      osc.frequency.value = n.freq;
      // A short attack and release: no clicks at the edges.
      gain.gain.setValueAtTime(0, t0 + n.start);
      gain.gain.linearRampToValueAtTime(n.gain, t0 + n.start + 0.01);
      gain.gain.setValueAtTime(n.gain, t0 + n.start + n.dur - 0.02);
      gain.gain.linearRampToValueAtTime(0, t0 + n.start + n.dur);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t0 + n.start);
      osc.stop(t0 + n.start + n.dur + 0.01);
    }
  } catch {
    // No audio device: the coloured panel still says it.
  }
}

/** Short alert tones made with WebAudio: nothing to load, nothing the CSP has to allow. */

type Tone = { frequency: number; start: number; duration: number };

/** A rising two-note chime for a new queue item, a single soft note for a message. */
const patterns: Record<'queue' | 'message', Tone[]> = {
  queue: [
    { frequency: 660, start: 0, duration: 0.14 },
    { frequency: 880, start: 0.16, duration: 0.22 },
  ],
  message: [{ frequency: 740, start: 0, duration: 0.16 }],
};

let context: AudioContext | null = null;

export function playAlertTone(kind: 'queue' | 'message'): void {
  if (typeof AudioContext === 'undefined') return;
  context ??= new AudioContext();
  const audio = context;
  if (audio.state === 'suspended') void audio.resume().catch(() => undefined);
  const now = audio.currentTime;
  for (const tone of patterns[kind]) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = tone.frequency;
    gain.gain.setValueAtTime(0.0001, now + tone.start);
    gain.gain.exponentialRampToValueAtTime(0.18, now + tone.start + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + tone.start + tone.duration);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(now + tone.start);
    oscillator.stop(now + tone.start + tone.duration + 0.02);
  }
}

/** One shared audio context: browsers cap how many a page may open. */
let context: AudioContext | null = null;

/**
 * A short two-note tone for an arriving mention, synthesised (no sound file to load). A browser
 * that has not yet allowed audio for the page stays silent rather than failing.
 */
export function playChime(): void {
  if (typeof AudioContext === 'undefined') return;
  try {
    context ??= new AudioContext();
    const start = context.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.12, 1320],
    ] as const) {
      const tone = context.createOscillator();
      const gain = context.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.12, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.001, start + offset + 0.18);
      tone.connect(gain).connect(context.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 0.2);
    }
  } catch {
    // Audio is a courtesy: a page without it still shows the badge.
  }
}

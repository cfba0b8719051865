import { performance } from 'node:perf_hooks';
import { piiSpans } from '../lambdas/core/audio/pii-spans';
import { silenceSpans } from '../lambdas/core/audio/silence';
import { pcm16Wav } from '../lambdas/core/audio/wav';
import { transcribeOutputSchema } from '../lambdas/core/transcription/transcribe-output';

/**
 * `npm run bench -- audio`: audio de-identification speed for a 3-minute stereo 8 kHz 16-bit call
 * (generated speech-like noise bursts, 2.5 words a second on alternating channels, a card number
 * every 20 s): span finding (redactor over the Transcribe items) plus silencing, as × real time.
 */

const RATE = 8000;
const SECONDS = 180;

function call(): { wav: Uint8Array; output: unknown } {
  let seed = 42;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff - 0.5;
  };
  const frames = RATE * SECONDS;
  const channels = [new Int16Array(frames), new Int16Array(frames)];
  const items: Record<string, unknown>[][] = [[], []];
  const words = 'I would like to order two smart plugs please and my card number is'.split(' ');
  let t = 0.2;
  let n = 0;
  while (t < SECONDS - 1) {
    const channel = Math.floor(t / 6) % 2;
    const content = n % 50 === 49 ? '4111 1111 1111 1111' : (words[n % words.length] ?? 'and');
    for (const part of content.split(' ')) {
      const end = t + 0.32;
      const target = channels[channel] as Int16Array;
      for (let i = Math.floor(t * RATE); i < Math.floor(end * RATE); i++)
        target[i] = Math.round(9000 * noise());
      (items[channel] as Record<string, unknown>[]).push({
        type: 'pronunciation',
        start_time: t.toFixed(3),
        end_time: end.toFixed(3),
        channel_label: `ch_${channel}`,
        alternatives: [{ confidence: '0.9', content: part }],
      });
      t = end + 0.08;
    }
    n += 1;
  }
  return {
    wav: pcm16Wav(channels, RATE),
    output: {
      jobName: 'phone-robot-bench',
      results: {
        transcripts: [{ transcript: '' }],
        channel_labels: {
          channels: items.map((list, c) => ({ channel_label: `ch_${c}`, items: list })),
        },
      },
    },
  };
}

/** Prints × real time of span finding + silencing, median of 15 runs after 3 warm-ups. */
export function benchAudio(): boolean {
  const { wav, output } = call();
  const parsed = transcribeOutputSchema.parse(output);
  const times: number[] = [];
  let spans = 0;
  let silenced = 0;
  for (let i = 0; i < 18; i++) {
    const t0 = performance.now();
    const found = piiSpans(parsed, 'en-US');
    const out = silenceSpans(wav, found.spans);
    const ms = performance.now() - t0;
    if (i >= 3) times.push(ms);
    spans = out.frameRanges.length;
    silenced = out.silencedSeconds;
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  console.log(
    `audio: 3-minute stereo 8 kHz 16-bit call (${(wav.length / 1e6).toFixed(1)} MB), ${spans} spans, ${silenced.toFixed(1)} s silenced`,
  );
  console.log(
    `audio: find spans + silence, median of 15: ${median.toFixed(1)} ms = ${((SECONDS * 1000) / median).toFixed(0)} × real time`,
  );
  return true;
}

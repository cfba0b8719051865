import { execFileSync } from 'node:child_process';
import { parseWav, pcm16Channel } from '../../lambdas/core/audio/wav';

/**
 * Synthetic speech with known word timings: espeak-ng renders each word on its own, the
 * renderings are resampled to Connect's 8 kHz and laid end to end with short gaps, so each word's
 * start and end are known exactly. The matching Transcribe output (items with start_time and
 * end_time per channel) is built from the same timings. Synthetic text only.
 */

/** Connect's telephony sample rate. */
export const RATE = 8000;
/** Silence between two words. */
const GAP_SECONDS = 0.12;

/** espeak-ng must be installed (.ci/run installs it); a missing one fails the test, loudly. */
export function requireEspeak(): void {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'pipe' });
  } catch {
    throw new Error(
      'espeak-ng is not installed: the audio redaction proof needs it. Install it with ' +
        '`sudo apt-get install -y espeak-ng` (CI: .ci/run installs it).',
    );
  }
}

const cache = new Map<string, Int16Array>();

/** One word as 8 kHz samples (espeak-ng writes 22.05 kHz mono; linear interpolation down). */
export function renderWord(spoken: string, voice: string): Int16Array {
  const cacheKey = `${voice}\u0000${spoken}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const out = execFileSync('espeak-ng', ['-v', voice, '-s', '170', '--stdout', spoken], {
    maxBuffer: 1 << 26,
  });
  const wav = parseWav(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
  const source = pcm16Channel(wav, 0);
  const n = Math.floor((source.length * RATE) / wav.sampleRate);
  const samples = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const x = (i * wav.sampleRate) / RATE;
    const i0 = Math.floor(x);
    const a = source[i0] ?? 0;
    const b = source[i0 + 1] ?? a;
    samples[i] = Math.round(a + (b - a) * (x - i0));
  }
  cache.set(cacheKey, samples);
  return samples;
}

/** A word as Transcribe writes it (`content`) and as it is spoken (`spoken`, default the content). */
export interface Word {
  readonly content: string;
  readonly spoken?: string;
  /** Punctuation attached to the word, written as its own item. */
  readonly punctuation?: string;
}

/** One utterance on one channel, starting at `at` seconds. */
export interface Utterance {
  readonly channel: 0 | 1;
  readonly at: number;
  readonly words: readonly Word[];
}

/** A word placed on the timeline. */
export interface PlacedWord {
  readonly channel: 0 | 1;
  readonly content: string;
  readonly start: number;
  readonly end: number;
  readonly punctuation?: string;
}

/** The rendered recording and where every word is. */
export interface SyntheticCall {
  readonly channels: Int16Array[];
  readonly words: readonly PlacedWord[];
  readonly seconds: number;
}

/** Renders utterances into `channelCount` channels; `seconds` is at least the last word's end plus 0.5 s. */
export function renderCall(
  utterances: readonly Utterance[],
  channelCount: 1 | 2,
  voice = 'en-us',
): SyntheticCall {
  const words: PlacedWord[] = [];
  const pieces: { channel: 0 | 1; from: number; samples: Int16Array }[] = [];
  for (const u of utterances) {
    let t = Math.round(u.at * RATE);
    for (const w of u.words) {
      const samples = renderWord(w.spoken ?? w.content, voice);
      pieces.push({ channel: u.channel, from: t, samples });
      words.push({
        channel: u.channel,
        content: w.content,
        start: t / RATE,
        end: (t + samples.length) / RATE,
        ...(w.punctuation ? { punctuation: w.punctuation } : {}),
      });
      t += samples.length + Math.round(GAP_SECONDS * RATE);
    }
  }
  const end = Math.max(0, ...pieces.map((p) => p.from + p.samples.length)) + RATE / 2;
  const channels = Array.from({ length: channelCount }, () => new Int16Array(end));
  for (const p of pieces) channels[Math.min(p.channel, channelCount - 1)]?.set(p.samples, p.from);
  return { channels, words, seconds: end / RATE };
}

/** Transcribe's output for the call (channel identification on when stereo). */
export function transcribeOutputFor(call: SyntheticCall, jobName: string, stereo: boolean): object {
  const item = (w: PlacedWord) => ({
    type: 'pronunciation',
    start_time: w.start.toFixed(3),
    end_time: w.end.toFixed(3),
    ...(stereo ? { channel_label: `ch_${w.channel}` } : {}),
    alternatives: [{ confidence: '0.98', content: w.content }],
  });
  const punct = (w: PlacedWord) => ({
    type: 'punctuation',
    ...(stereo ? { channel_label: `ch_${w.channel}` } : {}),
    alternatives: [{ confidence: '0.0', content: w.punctuation }],
  });
  const itemsOf = (ws: readonly PlacedWord[]) =>
    ws.flatMap((w) => (w.punctuation ? [item(w), punct(w)] : [item(w)]));
  const sorted = [...call.words].sort((a, b) => a.start - b.start);
  const transcript = sorted.map((w) => w.content + (w.punctuation ?? '')).join(' ');
  return {
    jobName,
    accountId: '111122223333',
    status: 'COMPLETED',
    results: {
      transcripts: [{ transcript }],
      ...(stereo
        ? {
            channel_labels: {
              number_of_channels: 2,
              channels: ([0, 1] as const).map((c) => ({
                channel_label: `ch_${c}`,
                items: itemsOf(sorted.filter((w) => w.channel === c)),
              })),
            },
          }
        : {}),
      items: itemsOf(sorted),
    },
  };
}

/** Root mean square of samples [from, to) (frame indexes). */
export function rms(samples: Int16Array, from: number, to: number): number {
  let sum = 0;
  const a = Math.max(0, from);
  const b = Math.min(samples.length, to);
  for (let i = a; i < b; i++) sum += (samples[i] ?? 0) ** 2;
  return b > a ? Math.sqrt(sum / (b - a)) : 0;
}

import { pcm16Wav } from '../../lambdas/core/audio/wav';
import type { LocalRecording } from './vault';

/**
 * The local Connect's call recording: a stereo 8 kHz 16-bit WAV, the customer on the left channel
 * (ch_0) and the system on the right (ch_1). Offline there are no voices, so every word is a short
 * tone burst at the time the local Transcribe stand-in says the word was spoken (the same
 * {@link speechTimeline}); the pipeline redacts it like a real recording.
 */

/** Connect's telephony sample rate. */
export const LOCAL_SAMPLE_RATE = 8000;
/** Seconds one word takes in the synthetic timings. */
export const WORD_SECONDS = 0.35;
/** Punctuation marks Transcribe writes as their own items. */
const PUNCTUATION = /^[.,?!;:。，？！；：、…]+$/;
/**
 * A Chinese character (written without spaces: one item each), a run of other word characters,
 * or a run of punctuation.
 */
const WORDS = /[\u3400-\u9fff]|[^\s\u3400-\u9fff.,?!;:。，？！；：、…]+|[.,?!;:。，？！；：、…]+/g;

/** Words and punctuation of one line, as Transcribe tokenises them (roughly). */
export function tokens(text: string): { readonly content: string; readonly punctuation: boolean }[] {
  const out: { content: string; punctuation: boolean }[] = [];
  for (const part of text.match(WORDS) ?? [])
    out.push({ content: part, punctuation: PUNCTUATION.test(part) });
  return out;
}

/** One token on the recording's timeline (punctuation has no time). */
export interface TimedToken {
  readonly channel: 'ch_0' | 'ch_1';
  readonly content: string;
  readonly punctuation: boolean;
  readonly start: number;
  readonly end: number;
}

/**
 * When each word of a recording was said: lines in order, each no earlier than its own time and
 * no earlier than the end of the previous line, one word every {@link WORD_SECONDS}.
 */
export function speechTimeline(recording: LocalRecording): TimedToken[] {
  const start = Date.parse(recording.recordedFrom);
  const out: TimedToken[] = [];
  let lastEnd = 0;
  for (const line of recording.lines) {
    const channel = line.participant === 'CUSTOMER' ? 'ch_0' : 'ch_1';
    let t = Math.max(lastEnd, (Date.parse(line.at) - start) / 1000);
    for (const token of tokens(line.text)) {
      if (token.punctuation) {
        out.push({ channel, content: token.content, punctuation: true, start: t, end: t });
        continue;
      }
      out.push({ channel, content: token.content, punctuation: false, start: t, end: t + WORD_SECONDS });
      t += WORD_SECONDS;
    }
    lastEnd = t;
  }
  return out;
}

/** The WAV Connect would write for the recording (every word a tone burst on its channel). */
export function renderRecording(recording: LocalRecording): Uint8Array {
  const timeline = speechTimeline(recording);
  const seconds = Math.max(0, ...timeline.map((t) => t.end)) + 0.5;
  const frames = Math.ceil(seconds * LOCAL_SAMPLE_RATE);
  const channels = [new Int16Array(frames), new Int16Array(frames)];
  let n = 0;
  for (const word of timeline) {
    if (word.punctuation) continue;
    n += 1;
    const target = channels[word.channel === 'ch_0' ? 0 : 1] as Int16Array;
    const from = Math.round(word.start * LOCAL_SAMPLE_RATE);
    const to = Math.min(frames, Math.round((word.end - 0.05) * LOCAL_SAMPLE_RATE));
    const hz = 180 + (n % 7) * 40;
    for (let i = from; i < to; i++) {
      const env = Math.min(1, (i - from) / 80, (to - i) / 80);
      target[i] = Math.round(6000 * env * Math.sin((2 * Math.PI * hz * (i - from)) / LOCAL_SAMPLE_RATE));
    }
  }
  return pcm16Wav(channels, LOCAL_SAMPLE_RATE);
}

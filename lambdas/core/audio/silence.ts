import { encodeWav, parseWav, SILENCE_BYTE } from './wav';

/**
 * Silencing time spans of a recording: every sample of every channel inside a span (widened by a
 * guard band on each side) is set to the encoding's silence; every other byte of the audio is
 * copied unchanged, and the duration stays the same.
 */

/** A stretch of the recording, in seconds from its start. */
export interface TimeSpan {
  readonly start: number;
  readonly end: number;
}

/** Seconds added before and after each span: word timings are estimates. */
export const GUARD_SECONDS = 0.25;

/** Spans sorted and merged where they overlap or touch. */
export function mergeSpans(spans: readonly TimeSpan[]): TimeSpan[] {
  const sorted = spans
    .filter((s) => Number.isFinite(s.start) && !Number.isNaN(s.end) && s.end >= s.start)
    .map((s) => ({ start: s.start, end: s.end }))
    .sort((a, b) => a.start - b.start);
  const out: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push(s);
  }
  return out;
}

/** What {@link silenceSpans} produced. */
export interface SilencedRecording {
  /** The redacted WAV file. */
  readonly wav: Uint8Array;
  /** The frame ranges silenced (start inclusive, end exclusive), after guard bands and merging. */
  readonly frameRanges: readonly { readonly start: number; readonly end: number }[];
  readonly silencedSeconds: number;
  readonly durationSeconds: number;
}

/**
 * Silences `spans` (widened by `guardSeconds` each side) on every channel of a WAV file.
 *
 * @throws WavFormatError when the file cannot be read
 */
export function silenceSpans(
  file: Uint8Array,
  spans: readonly TimeSpan[],
  guardSeconds: number = GUARD_SECONDS,
): SilencedRecording {
  const wav = parseWav(file);
  const data = wav.data.slice();
  const rate = wav.sampleRate;
  const ranges: { start: number; end: number }[] = [];
  for (const s of mergeSpans(
    spans.map((x) => ({ start: x.start - guardSeconds, end: x.end + guardSeconds })),
  )) {
    const start = Math.max(0, Math.floor(s.start * rate));
    const end = Math.min(wav.frames, Math.ceil(s.end * rate));
    if (end <= start) continue;
    data.fill(SILENCE_BYTE[wav.encoding], start * wav.blockAlign, end * wav.blockAlign);
    ranges.push({ start, end });
  }
  const silencedFrames = ranges.reduce((n, r) => n + r.end - r.start, 0);
  return {
    wav: encodeWav(wav, data),
    frameRanges: ranges,
    silencedSeconds: silencedFrames / rate,
    durationSeconds: wav.frames / rate,
  };
}

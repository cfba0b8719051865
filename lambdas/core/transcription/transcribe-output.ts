import * as z from 'zod/mini';

/**
 * The JSON that an Amazon Transcribe batch job writes (with ChannelIdentification on), reduced to
 * what the lake needs. Connect writes stereo recordings: the customer on one channel, the system
 * (bot, prompts or agent) on the other. Segments come from `audio_segments` when Transcribe wrote
 * them, else they are rebuilt from the per-channel word items.
 */

const itemSchema = z.looseObject({
  start_time: z.optional(z.string()),
  end_time: z.optional(z.string()),
  type: z.enum(['pronunciation', 'punctuation']),
  channel_label: z.optional(z.string()),
  alternatives: z.array(z.looseObject({ content: z.string() })).check(z.minLength(1)),
});

/** Transcribe's output document (loose: Transcribe adds fields over time). */
export const transcribeOutputSchema = z.looseObject({
  jobName: z.string(),
  results: z.looseObject({
    transcripts: z.array(z.looseObject({ transcript: z.string() })),
    channel_labels: z.optional(
      z.looseObject({
        channels: z.array(z.looseObject({ channel_label: z.string(), items: z.array(itemSchema) })),
      }),
    ),
    items: z.optional(z.array(itemSchema)),
    audio_segments: z.optional(
      z.array(
        z.looseObject({
          transcript: z.string(),
          start_time: z.string(),
          channel_label: z.optional(z.string()),
        }),
      ),
    ),
  }),
});
/** Transcribe's output document. */
export type TranscribeOutput = z.infer<typeof transcribeOutputSchema>;

/** One utterance: who (channel), when (seconds from the start of the audio) and what. */
export interface Segment {
  readonly channel: string;
  readonly startSeconds: number;
  readonly text: string;
}

/** A pause longer than this starts a new segment when segments are rebuilt from items. */
const PAUSE_SECONDS = 1.5;
/** Languages written without spaces between words. */
const NO_SPACE = /[\u3000-\u9fff\uff00-\uffef]/;

function join(words: readonly string[]): string {
  return words.reduce(
    (text, w) =>
      text === '' || NO_SPACE.test(w) || NO_SPACE.test(text.at(-1) ?? '') ? text + w : `${text} ${w}`,
    '',
  );
}

function segmentsFromItems(channel: string, items: readonly z.infer<typeof itemSchema>[]): Segment[] {
  const out: Segment[] = [];
  let words: string[] = [];
  let start = 0;
  let lastEnd = 0;
  const flush = () => {
    if (words.length > 0) out.push({ channel, startSeconds: start, text: join(words) });
    words = [];
  };
  for (const item of items) {
    const content = item.alternatives[0]?.content ?? '';
    if (item.type === 'punctuation') {
      const last = words.pop();
      words.push(`${last ?? ''}${content}`);
      if (/[.?!。？！]$/.test(content)) flush();
      continue;
    }
    const begin = Number(item.start_time ?? lastEnd);
    if (words.length > 0 && begin - lastEnd > PAUSE_SECONDS) flush();
    if (words.length === 0) start = begin;
    words.push(content);
    lastEnd = Number(item.end_time ?? begin);
  }
  flush();
  return out;
}

/** The utterances of a transcript in time order (ties keep channel order). */
export function transcriptSegments(output: TranscribeOutput): Segment[] {
  const r = output.results;
  let segments: Segment[];
  if (r.audio_segments && r.audio_segments.length > 0) {
    segments = r.audio_segments.map((s) => ({
      channel: s.channel_label ?? 'ch_0',
      startSeconds: Number(s.start_time),
      text: s.transcript,
    }));
  } else if (r.channel_labels) {
    segments = r.channel_labels.channels.flatMap((c) => segmentsFromItems(c.channel_label, c.items));
  } else {
    segments = segmentsFromItems('ch_0', r.items ?? []);
  }
  return segments
    .filter((s) => s.text.trim().length > 0)
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.startSeconds - b.s.startSeconds || a.i - b.i)
    .map(({ s }) => s);
}

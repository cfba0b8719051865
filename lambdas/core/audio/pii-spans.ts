import type { Locale } from '../../contracts/locales';
import { CUSTOMER_CHANNEL } from '../lake/transcript';
import { redactAll } from '../pii/full';
import type { TranscribeOutput } from '../transcription/transcribe-output';
import { mergeSpans, type TimeSpan } from './silence';

/**
 * Where the personal data is in a recording: our redactor runs over each channel's words as
 * Transcribe wrote them, and every finding (character offsets) is mapped back to the start and
 * end times of the pronunciation items it covers. Items Transcribe redacted itself (`[PII]`, en-US)
 * count too. The spans are silenced on every channel: a bot or agent reading digits back is as
 * much a disclosure as the caller saying them.
 */

type Item = NonNullable<TranscribeOutput['results']['items']>[number];

interface PlacedItem {
  readonly from: number;
  readonly to: number;
  readonly start: number | undefined;
  readonly end: number | undefined;
  readonly content: string;
}

/** Languages written without spaces between words (as transcribe-output.ts joins them). */
const NO_SPACE = /[\u3000-\u9fff\uff00-\uffef]/;

/** Each channel's items, from `channel_labels` when Transcribe identified channels. */
export function channelItems(output: TranscribeOutput): { channel: string; items: readonly Item[] }[] {
  const r = output.results;
  if (r.channel_labels)
    return r.channel_labels.channels.map((c) => ({ channel: c.channel_label, items: c.items }));
  const by = new Map<string, Item[]>();
  for (const item of r.items ?? []) {
    const channel = item.channel_label ?? CUSTOMER_CHANNEL;
    by.set(channel, [...(by.get(channel) ?? []), item]);
  }
  return [...by].map(([channel, items]) => ({ channel, items }));
}

function seconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/** The channel's text as transcribe-output.ts joins it, with each item's character range. */
function place(items: readonly Item[]): { text: string; placed: PlacedItem[] } {
  let text = '';
  const placed: PlacedItem[] = [];
  for (const item of items) {
    const content = item.alternatives[0]?.content ?? '';
    const space =
      item.type === 'pronunciation' &&
      text !== '' &&
      !NO_SPACE.test(content) &&
      !NO_SPACE.test(text.at(-1) ?? '');
    if (space) text += ' ';
    const from = text.length;
    text += content;
    placed.push({
      from,
      to: text.length,
      start: item.type === 'pronunciation' ? seconds(item.start_time) : undefined,
      end: item.type === 'pronunciation' ? seconds(item.end_time) : undefined,
      content,
    });
  }
  return { text, placed };
}

/** The time span of the timed items overlapping [from, to); the neighbours' when none is timed. */
function spanOf(placed: readonly PlacedItem[], from: number, to: number): TimeSpan | undefined {
  const timed = placed.filter((p) => p.start !== undefined && p.end !== undefined);
  let hit = timed.filter((p) => p.from < to && p.to > from);
  if (hit.length === 0) {
    const before = timed.filter((p) => p.to <= from).at(-1);
    const after = timed.find((p) => p.from >= to);
    hit = [before, after].filter((p): p is PlacedItem => p !== undefined);
  }
  if (hit.length === 0) return undefined;
  return {
    start: Math.min(...hit.map((p) => p.start ?? Number.POSITIVE_INFINITY)),
    end: Math.max(...hit.map((p) => p.end ?? 0)),
  };
}

/** Where the personal data is, and how it was found (counts only: nothing here holds a value). */
export interface PiiSpans {
  /** Merged spans (seconds, without guard bands), to be silenced on every channel. */
  readonly spans: readonly TimeSpan[];
  /** Findings of our redactor. */
  readonly findings: number;
  /** Items Transcribe redacted itself (`[PII]`). */
  readonly transcribeRedactions: number;
  /** Findings of our redactor on the customer channel. */
  readonly customerFindings: number;
}

/** The spans of personal data in a transcript, per the redactor and Transcribe's own redaction. */
export function piiSpans(output: TranscribeOutput, locale: Locale): PiiSpans {
  const spans: TimeSpan[] = [];
  let findings = 0;
  let customerFindings = 0;
  let transcribeRedactions = 0;
  for (const { channel, items } of channelItems(output)) {
    const { text, placed } = place(items);
    for (const f of redactAll(text, { locale }).findings) {
      findings += 1;
      if (channel === CUSTOMER_CHANNEL) customerFindings += 1;
      const span = spanOf(placed, f.start, f.end);
      if (span) spans.push(span);
    }
    for (const p of placed) {
      if (p.content.includes('[PII]') && p.start !== undefined && p.end !== undefined) {
        transcribeRedactions += 1;
        spans.push({ start: p.start, end: p.end });
      }
    }
  }
  // No word timings at all (only audio_segments): a segment with a finding is silenced whole.
  const timed = channelItems(output).some((c) => c.items.some((i) => i.start_time !== undefined));
  if (!timed) {
    for (const segment of output.results.audio_segments ?? []) {
      const found = redactAll(segment.transcript, { locale }).findings.length;
      const masked = segment.transcript.includes('[PII]') ? 1 : 0;
      if (found + masked === 0) continue;
      findings += found;
      transcribeRedactions += masked;
      if ((segment.channel_label ?? CUSTOMER_CHANNEL) === CUSTOMER_CHANNEL) customerFindings += found;
      const start = seconds(segment.start_time) ?? 0;
      const end = seconds((segment as { end_time?: string }).end_time) ?? Number.POSITIVE_INFINITY;
      spans.push({ start, end });
    }
  }
  return { spans: mergeSpans(spans), findings, transcribeRedactions, customerFindings };
}

/** A word that can carry a digit: numerals, Chinese numerals, spoken English digits. */
const DIGIT_WORD =
  /\d|[零〇一二两三四五六七八九十幺百千万]|^(?:zero|oh|o|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|double|triple|hundred|thousand)[.,?!]?$/i;
/** A pause longer than this separates two utterances of the caller. */
const UTTERANCE_PAUSE_SECONDS = 1.5;

/**
 * The fallback for contacts whose bot turns were marked SENSITIVE_DIGITS (the caller spoke card or
 * ID-like digits to the bot) when the redactor found nothing on the customer channel: every
 * utterance of the caller that holds a digit-like word, whole. The turn records' clock (the code
 * hook's) cannot be placed on the recording's timeline precisely (the recording key has minute
 * precision), so the utterances are found by their words instead; this over-silences rather than
 * miss one.
 */
export function sensitiveUtteranceSpans(output: TranscribeOutput): TimeSpan[] {
  const customer = channelItems(output).find((c) => c.channel === CUSTOMER_CHANNEL);
  const spans: TimeSpan[] = [];
  let utterance: { start: number; end: number; digits: boolean } | undefined;
  const flush = () => {
    if (utterance?.digits) spans.push({ start: utterance.start, end: utterance.end });
    utterance = undefined;
  };
  for (const item of customer?.items ?? []) {
    if (item.type !== 'pronunciation') continue;
    const start = seconds(item.start_time);
    const end = seconds(item.end_time);
    if (start === undefined || end === undefined) continue;
    if (utterance && start - utterance.end > UTTERANCE_PAUSE_SECONDS) flush();
    const digits = DIGIT_WORD.test(item.alternatives[0]?.content ?? '');
    if (!utterance) utterance = { start, end, digits };
    else {
      utterance.end = Math.max(utterance.end, end);
      utterance.digits ||= digits;
    }
  }
  flush();
  return mergeSpans(spans);
}

import { beforeAll, describe, expect, it } from 'vitest';
import { rawTranscriptKey, transcriptionJobName } from '../../../lambdas/contracts/transcription';
import { piiSpans } from '../../../lambdas/core/audio/pii-spans';
import { GUARD_SECONDS, silenceSpans } from '../../../lambdas/core/audio/silence';
import { parseWav, pcm16Channel, pcm16Wav } from '../../../lambdas/core/audio/wav';
import type { ConsentHistory } from '../../../lambdas/core/consent/ledger';
import type { RecordingStore } from '../../../lambdas/core/transcription/ports';
import { redactTranscript } from '../../../lambdas/core/transcription/redact';
import { transcribeOutputSchema } from '../../../lambdas/core/transcription/transcribe-output';
import {
  type PlacedWord,
  RATE,
  renderCall,
  requireEspeak,
  rms,
  type SyntheticCall,
  transcribeOutputFor,
  type Utterance,
} from '../../support/speech';

/**
 * The offline proof of audio de-identification (issue 13): synthetic speech rendered word by word
 * with espeak-ng (so every word's start and end are known), a Transcribe-format output for it, the
 * production redaction step, and the redacted WAV measured: silent inside every PII span on every
 * channel, sample-identical outside the spans and their guard bands, the same length. espeak-ng is
 * required: without it these tests fail (CI installs it in .ci/run), they never skip.
 */

const CONTACT = '0b6c3a52-8f0e-4c1a-9d2e-5f7a8b9c0d1e';
const JOB = transcriptionJobName(CONTACT);
const KEY = `connect/phone-robot-dev/CallRecordings/2026/11/30/${CONTACT}_20261130T09:00_UTC.wav`;
/** Below this RMS (16-bit full scale 32767) a stretch counts as silent; redacted spans are exactly 0. */
const SILENT_RMS = 1;

const w = (content: string, spoken?: string, punctuation?: string) => ({
  content,
  ...(spoken ? { spoken } : {}),
  ...(punctuation ? { punctuation } : {}),
});
/** A Luhn-valid test card (synthetic), written as Transcribe's en-US number normalisation does. */
const CARD = ['4111', '1111', '1111', '1111'].map((g) => w(g, g.split('').join(' ')));

const MONO: Utterance[] = [
  {
    channel: 0,
    at: 0.3,
    words: [
      w('my'),
      w('card'),
      w('number'),
      w('is'),
      ...CARD,
      w('thank', undefined),
      w('you', undefined, '.'),
    ],
  },
];
const STEREO: Utterance[] = [
  { channel: 1, at: 0.2, words: [w('How'), w('can'), w('I'), w('help', undefined, '?')] },
  {
    channel: 0,
    at: 2.2,
    words: [w('my'), w('card'), w('number'), w('is'), ...CARD, w('and'), w('my'), w('email'), w('is')],
  },
  { channel: 0, at: 9.8, words: [w('jane.doe@example.com', 'jane dot doe at example dot com', '.')] },
  // The bot reads a phone number back on the other channel: silenced too.
  {
    channel: 1,
    at: 14,
    words: [
      w('I'),
      w('have'),
      w('415', 'four one five'),
      w('555', 'five five five'),
      w('0100', 'zero one zero zero'),
      w('thanks', undefined, '.'),
    ],
  },
];

/** Which words the spans must cover (what the redactor should find). */
const PII_WORDS = /^(?:\d+|jane\.doe@example\.com)$/;

interface Case {
  readonly name: string;
  readonly call: SyntheticCall;
  readonly stereo: boolean;
}
let cases: Case[];

beforeAll(() => {
  requireEspeak();
  cases = [
    { name: 'mono', call: renderCall(MONO, 1), stereo: false },
    { name: 'stereo', call: renderCall(STEREO, 2), stereo: true },
  ];
}, 60_000);

/** Frames inside [start, end] seconds. */
const frames = (start: number, end: number) => [Math.floor(start * RATE), Math.ceil(end * RATE)] as const;

function outsideGuards(words: readonly PlacedWord[], total: number): boolean[] {
  const keep = new Array<boolean>(total).fill(true);
  for (const word of words.filter((x) => PII_WORDS.test(x.content))) {
    // Transcribe's times are rounded to the millisecond: 1 ms of slack each side.
    const [a, b] = frames(word.start - GUARD_SECONDS - 0.001, word.end + GUARD_SECONDS + 0.001);
    for (let i = Math.max(0, a); i < Math.min(total, b); i++) keep[i] = false;
  }
  return keep;
}

describe.each(['mono', 'stereo'])('espeak-ng speech, %s', (name) => {
  const get = () => {
    const c = cases.find((x) => x.name === name);
    if (!c) throw new Error(name);
    return c;
  };

  it('finds a span over every PII word, and none over the others', () => {
    const { call, stereo } = get();
    const output = transcribeOutputSchema.parse(transcribeOutputFor(call, JOB, stereo));
    const { spans } = piiSpans(output, 'en-US');
    for (const word of call.words) {
      // Transcribe writes times to the millisecond.
      const covered = spans.some((s) => s.start <= word.start + 0.001 && s.end >= word.end - 0.001);
      expect(covered, `${word.content} at ${word.start.toFixed(2)} s`).toBe(PII_WORDS.test(word.content));
    }
  });

  it('silences every PII span on every channel, keeps every other sample and the length', async () => {
    const { call, stereo } = get();
    const original = pcm16Wav(call.channels, RATE);
    const output = transcribeOutputFor(call, JOB, stereo);
    const staged = new Map<string, Uint8Array>([[KEY, original]]);
    const vault = new Map<string, Uint8Array>();
    const raw = new Map<string, string>([[rawTranscriptKey(JOB), JSON.stringify(output)]]);
    const lake = new Map<string, string>();
    const staging: RecordingStore = {
      bucket: 'staging',
      get: async (k) => staged.get(k),
      delete: async (k) => void staged.delete(k),
    };
    const history = {
      decision: { contactId: CONTACT, decision: 'GRANTED', locale: 'en-US' },
      withdrawal: undefined,
    } as unknown as ConsentHistory;
    const outcome = await redactTranscript(JOB, {
      transcriber: {
        start: async () => true,
        get: async (jobName) => ({
          jobName,
          status: 'COMPLETED',
          languageCode: 'en-US',
          mediaUri: `s3://staging/${KEY}`,
          failureReason: undefined,
        }),
      },
      consent: { history: async () => history },
      raw: {
        get: async (k) => raw.get(k),
        put: async (k, b) => void raw.set(k, b),
        delete: async (k) => void raw.delete(k),
      },
      lake: {
        get: async (k) => lake.get(k),
        put: async (k, b) => void lake.set(k, b),
        delete: async () => {},
      },
      staging,
      vault: {
        putOnce: async (k, b) => {
          if (vault.has(k)) return false;
          vault.set(k, b);
          return true;
        },
      },
      turns: { turns: async () => [] },
    });
    expect(outcome.kind).toBe('WRITTEN');
    // The staged original is gone, the raw output too; the vault holds the redacted copy.
    expect(staged.size).toBe(0);
    expect(raw.size).toBe(0);
    const redactedFile = vault.get(KEY);
    if (!redactedFile) throw new Error('nothing in the vault');
    const before = parseWav(original);
    const after = parseWav(redactedFile);
    expect(after.frames).toBe(before.frames);
    expect(after.channels).toBe(before.channels);
    expect(after.data.length).toBe(before.data.length);

    const keep = outsideGuards(call.words, before.frames);
    for (let c = 0; c < before.channels; c++) {
      const a = pcm16Channel(before, c);
      const b = pcm16Channel(after, c);
      for (const word of call.words.filter((x) => PII_WORDS.test(x.content))) {
        const [from, to] = frames(word.start, word.end);
        // The original had speech there (on the word's channel); the redacted copy has none.
        if (word.channel === c || before.channels === 1) expect(rms(a, from, to)).toBeGreaterThan(100);
        expect(rms(b, from, to), `${word.content} on channel ${c}`).toBeLessThan(SILENT_RMS);
      }
      let differing = 0;
      for (let i = 0; i < a.length; i++) if (keep[i] && a[i] !== b[i]) differing++;
      expect(differing, `samples changed outside the spans on channel ${c}`).toBe(0);
      // And the words around the PII are still there.
      for (const word of call.words.filter(
        (x) => !PII_WORDS.test(x.content) && (x.channel === c || before.channels === 1),
      )) {
        const [from, to] = frames(word.start, word.end);
        const inside = keep.slice(from, to).every(Boolean);
        if (inside) expect(rms(b, from, to), word.content).toBeGreaterThan(100);
      }
    }
  });
});

describe('a retry', () => {
  it('finds the vault written and writes no second copy', () => {
    requireEspeak();
    const call = renderCall(MONO, 1);
    const original = pcm16Wav(call.channels, RATE);
    const output = transcribeOutputSchema.parse(transcribeOutputFor(call, JOB, false));
    const once = silenceSpans(original, piiSpans(output, 'en-US').spans);
    const twice = silenceSpans(original, piiSpans(output, 'en-US').spans);
    // Deterministic: a retry computes byte-identical audio.
    expect(Buffer.from(twice.wav).equals(Buffer.from(once.wav))).toBe(true);
  });
});

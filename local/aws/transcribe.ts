import type {
  ObjectStore,
  Transcriber,
  TranscriptionJob,
  TranscriptionRequest,
} from '../../lambdas/core/transcription/ports';
import { LOCAL_VAULT_BUCKET, type LocalRecording, type LocalVault } from './vault';

/**
 * The offline stand-in for Amazon Transcribe batch jobs: it reads a local recording and writes
 * the output document Transcribe would write (channel identification on: `channel_labels` with
 * per-channel word items and times in seconds as strings, plus the joined transcript) to the work
 * store, under the job's `OutputKey`.
 *
 * What it does not model: speech recognition errors, Transcribe's number formatting, punctuation
 * inferred from pauses, and en-US ContentRedaction (`[PII]`); the words are the text as said. The
 * redact pipeline therefore sees cleaner input than production.
 */

/** Seconds one word takes in the synthetic timings. */
const WORD_SECONDS = 0.35;
/** Punctuation marks Transcribe writes as their own items. */
const PUNCTUATION = /^[.,?!;:。，？！；：、…]+$/;
/**
 * A Chinese character (written without spaces: one item each), a run of other word characters,
 * or a run of punctuation.
 */
const WORDS = /[\u3400-\u9fff]|[^\s\u3400-\u9fff.,?!;:。，？！；：、…]+|[.,?!;:。，？！；：、…]+/g;

interface Item {
  readonly type: 'pronunciation' | 'punctuation';
  readonly start_time?: string;
  readonly end_time?: string;
  readonly alternatives: readonly { readonly confidence: string; readonly content: string }[];
  readonly channel_label: string;
}

/** Words and punctuation of one line, as Transcribe tokenises them (roughly). */
export function tokens(text: string): { readonly content: string; readonly punctuation: boolean }[] {
  const out: { content: string; punctuation: boolean }[] = [];
  for (const part of text.match(WORDS) ?? [])
    out.push({ content: part, punctuation: PUNCTUATION.test(part) });
  return out;
}

/** The Transcribe output document for a recording. */
export function transcribeOutput(jobName: string, recording: LocalRecording): unknown {
  const start = Date.parse(recording.recordedFrom);
  const channels: Record<'ch_0' | 'ch_1', Item[]> = { ch_0: [], ch_1: [] };
  let lastEnd = 0;
  for (const line of recording.lines) {
    const channel = line.participant === 'CUSTOMER' ? 'ch_0' : 'ch_1';
    let t = Math.max(lastEnd, (Date.parse(line.at) - start) / 1000);
    for (const token of tokens(line.text)) {
      if (token.punctuation) {
        channels[channel].push({
          type: 'punctuation',
          alternatives: [{ confidence: '0.0', content: token.content }],
          channel_label: channel,
        });
        continue;
      }
      const end = t + WORD_SECONDS;
      channels[channel].push({
        type: 'pronunciation',
        start_time: t.toFixed(3),
        end_time: end.toFixed(3),
        alternatives: [{ confidence: '0.99', content: token.content }],
        channel_label: channel,
      });
      t = end;
    }
    lastEnd = t;
  }
  const items = [...channels.ch_0, ...channels.ch_1]
    .map((item, i) => ({ item, i }))
    .sort((a, b) => Number(a.item.start_time ?? 0) - Number(b.item.start_time ?? 0) || a.i - b.i)
    .map(({ item }) => item);
  return {
    jobName,
    accountId: '000000000000',
    status: 'COMPLETED',
    results: {
      transcripts: [{ transcript: recording.lines.map((l) => l.text).join(' ') }],
      channel_labels: {
        channels: (['ch_0', 'ch_1'] as const).map((c) => ({ channel_label: c, items: channels[c] })),
        number_of_channels: 2,
      },
      items,
    },
  };
}

/** Transcribe jobs over the local vault; a job completes as soon as it starts. */
export class LocalTranscriber implements Transcriber {
  private readonly jobs = new Map<string, TranscriptionJob>();

  constructor(
    private readonly vault: LocalVault,
    private readonly work: ObjectStore,
  ) {}

  async start(request: TranscriptionRequest): Promise<boolean> {
    if (this.jobs.has(request.jobName)) return false;
    const prefix = `s3://${LOCAL_VAULT_BUCKET}/`;
    const recording = request.mediaUri.startsWith(prefix)
      ? this.vault.get(request.mediaUri.slice(prefix.length))
      : undefined;
    if (!recording) {
      this.jobs.set(request.jobName, {
        jobName: request.jobName,
        status: 'FAILED',
        languageCode: request.locale,
        mediaUri: request.mediaUri,
        failureReason: 'The media file could not be read.',
      });
      return true;
    }
    await this.work.put(request.outputKey, JSON.stringify(transcribeOutput(request.jobName, recording)));
    this.jobs.set(request.jobName, {
      jobName: request.jobName,
      status: 'COMPLETED',
      languageCode: request.locale,
      mediaUri: request.mediaUri,
      failureReason: undefined,
    });
    return true;
  }

  async get(jobName: string): Promise<TranscriptionJob> {
    return (
      this.jobs.get(jobName) ?? {
        jobName,
        status: 'FAILED',
        languageCode: undefined,
        mediaUri: undefined,
        failureReason: 'no such job',
      }
    );
  }
}

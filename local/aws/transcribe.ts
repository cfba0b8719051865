import type {
  ObjectStore,
  RecordingStore,
  Transcriber,
  TranscriptionJob,
  TranscriptionRequest,
} from '../../lambdas/core/transcription/ports';
import { speechTimeline } from './connect-recording';
import type { LocalRecording } from './vault';

/**
 * The offline stand-in for Amazon Transcribe batch jobs: it reads a staged recording (a job on a
 * missing object fails, as Transcribe's does) and writes the output document Transcribe would
 * write (channel identification on: `channel_labels` with per-channel word items and times in
 * seconds as strings, plus the joined transcript) to the work store, under the job's `OutputKey`.
 * It has no speech recognition: the local Connect tells it what was said (`hear`), and the word
 * times are the ones the local Connect rendered the audio at.
 *
 * What it does not model: speech recognition errors, Transcribe's number formatting, punctuation
 * inferred from pauses, and en-US ContentRedaction (`[PII]`); the words are the text as said. The
 * redact pipeline therefore sees cleaner input than production.
 */

interface Item {
  readonly type: 'pronunciation' | 'punctuation';
  readonly start_time?: string;
  readonly end_time?: string;
  readonly alternatives: readonly { readonly confidence: string; readonly content: string }[];
  readonly channel_label: string;
}

/** The Transcribe output document for a recording. */
export function transcribeOutput(jobName: string, recording: LocalRecording): unknown {
  const channels: Record<'ch_0' | 'ch_1', Item[]> = { ch_0: [], ch_1: [] };
  for (const token of speechTimeline(recording)) {
    channels[token.channel].push(
      token.punctuation
        ? {
            type: 'punctuation',
            alternatives: [{ confidence: '0.0', content: token.content }],
            channel_label: token.channel,
          }
        : {
            type: 'pronunciation',
            start_time: token.start.toFixed(3),
            end_time: token.end.toFixed(3),
            alternatives: [{ confidence: '0.99', content: token.content }],
            channel_label: token.channel,
          },
    );
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

/** Transcribe jobs over the local staging bucket; a job completes as soon as it starts. */
export class LocalTranscriber implements Transcriber {
  private readonly jobs = new Map<string, TranscriptionJob>();
  private readonly speech = new Map<string, LocalRecording>();

  constructor(
    private readonly staging: Pick<RecordingStore, 'bucket' | 'get'>,
    private readonly work: ObjectStore,
  ) {}

  /** What was said in the recording at `key` (the local Connect's word; a real Transcribe listens). */
  hear(key: string, recording: LocalRecording): void {
    this.speech.set(key, recording);
  }

  async start(request: TranscriptionRequest): Promise<boolean> {
    if (this.jobs.has(request.jobName)) return false;
    const prefix = `s3://${this.staging.bucket}/`;
    const key = request.mediaUri.startsWith(prefix) ? request.mediaUri.slice(prefix.length) : undefined;
    const audio = key === undefined ? undefined : await this.staging.get(key);
    const recording = key === undefined ? undefined : this.speech.get(key);
    if (!audio || !recording) {
      this.jobs.set(request.jobName, {
        jobName: request.jobName,
        status: 'FAILED',
        languageCode: request.locale,
        mediaUri: request.mediaUri,
        failureReason: 'The media file could not be read.',
      });
      return true;
    }
    this.speech.delete(key as string);
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

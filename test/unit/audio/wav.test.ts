import { describe, expect, it } from 'vitest';
import { sensitiveUtteranceSpans } from '../../../lambdas/core/audio/pii-spans';
import { mergeSpans, silenceSpans } from '../../../lambdas/core/audio/silence';
import { encodeWav, parseWav, pcm16Channel, pcm16Wav, WavFormatError } from '../../../lambdas/core/audio/wav';
import { transcribeOutputSchema } from '../../../lambdas/core/transcription/transcribe-output';

/** The WAV reader/writer and the silencing on every encoding Connect or a converter may produce. */

const tone = (n: number, f: number) =>
  Int16Array.from({ length: n }, (_, i) => Math.round(8000 * Math.sin(i * f)));

describe('WAV files', () => {
  it('round-trips 16-bit PCM stereo', () => {
    const file = pcm16Wav([tone(800, 0.3), tone(800, 0.5)], 8000);
    const wav = parseWav(file);
    expect(wav).toMatchObject({ encoding: 'PCM16', channels: 2, sampleRate: 8000, frames: 800 });
    expect(Array.from(pcm16Channel(wav, 1))).toEqual(Array.from(tone(800, 0.5)));
  });

  it('reads mu-law (format 7), A-law (6) and 8-bit PCM, and silences each with its own zero', () => {
    for (const [encoding, zero] of [
      ['MULAW', 0xff],
      ['ALAW', 0xd5],
      ['PCM8', 0x80],
    ] as const) {
      const data = Uint8Array.from({ length: 1600 }, (_, i) => (i * 37) % 256);
      const file = encodeWav({ encoding, channels: 2, sampleRate: 8000, blockAlign: 2 }, data);
      const out = parseWav(silenceSpans(file, [{ start: 0.02, end: 0.03 }], 0).wav);
      expect(out.encoding).toBe(encoding);
      expect(out.data.length).toBe(data.length);
      expect(out.data.subarray(160 * 2, 240 * 2).every((b) => b === zero)).toBe(true);
      expect(Buffer.from(out.data.subarray(0, 320)).equals(Buffer.from(data.subarray(0, 320)))).toBe(true);
      expect(Buffer.from(out.data.subarray(480)).equals(Buffer.from(data.subarray(480)))).toBe(true);
    }
  });

  it('reads WAVE_FORMAT_EXTENSIBLE and drops metadata chunks from what it writes', () => {
    const samples = tone(100, 0.2);
    const plain = pcm16Wav([samples], 8000);
    const list = new Uint8Array([...Buffer.from('LIST'), 6, 0, 0, 0, ...Buffer.from('INFOab')]);
    const fmt = new Uint8Array(8 + 40);
    const v = new DataView(fmt.buffer);
    fmt.set(Buffer.from('fmt '), 0);
    v.setUint32(4, 40, true);
    v.setUint16(8, 0xfffe, true);
    v.setUint16(10, 1, true);
    v.setUint32(12, 8000, true);
    v.setUint32(16, 16000, true);
    v.setUint16(20, 2, true);
    v.setUint16(22, 16, true);
    v.setUint16(24, 22, true);
    v.setUint16(32, 1, true); // subformat PCM
    const data = plain.subarray(36);
    const body = new Uint8Array([...Buffer.from('WAVE'), ...fmt, ...list, ...data]);
    const file = new Uint8Array([...Buffer.from('RIFF'), 0, 0, 0, 0, ...body]);
    new DataView(file.buffer).setUint32(4, body.length, true);
    const wav = parseWav(file);
    expect(wav.encoding).toBe('PCM16');
    const out = silenceSpans(file, [], 0).wav;
    expect(Buffer.from(out).includes(Buffer.from('LIST'))).toBe(false);
    expect(Array.from(pcm16Channel(parseWav(out), 0))).toEqual(Array.from(samples));
  });

  it('refuses what it cannot silence safely', () => {
    expect(() => parseWav(new Uint8Array(10))).toThrow(WavFormatError);
    const float = pcm16Wav([tone(10, 0.1)], 8000);
    new DataView(float.buffer).setUint16(20, 3, true); // IEEE float
    expect(() => parseWav(float)).toThrow(/unsupported encoding/);
  });

  it('keeps the length and clamps spans to the recording', () => {
    const file = pcm16Wav([tone(8000, 0.1)], 8000);
    const out = silenceSpans(file, [{ start: 0.9, end: 5 }]);
    expect(out.wav.length).toBe(file.length);
    expect(out.frameRanges).toEqual([{ start: 5200, end: 8000 }]);
  });
});

describe('spans', () => {
  it('merges overlapping spans', () => {
    expect(
      mergeSpans([
        { start: 3, end: 4 },
        { start: 1, end: 2 },
        { start: 1.5, end: 3 },
      ]),
    ).toEqual([{ start: 1, end: 4 }]);
  });

  it('finds the caller utterances holding digit-like words (the SENSITIVE_DIGITS fallback)', () => {
    const item = (content: string, start: number, channel = 'ch_0') => ({
      type: 'pronunciation',
      start_time: String(start),
      end_time: String(start + 0.3),
      channel_label: channel,
      alternatives: [{ content }],
    });
    const output = transcribeOutputSchema.parse({
      jobName: 'phone-robot-x',
      results: {
        transcripts: [{ transcript: '' }],
        items: [
          item('I', 1),
          item('want', 1.3),
          item('plugs', 1.6),
          item('it', 5),
          item('is', 5.3),
          item('four', 5.6),
          item('one', 5.9),
          item('one', 10, 'ch_1'),
        ],
      },
    });
    expect(sensitiveUtteranceSpans(output)).toEqual([{ start: 5, end: 6.2 }]);
  });
});

/**
 * A small RIFF/WAVE reader and writer for call recordings, no dependencies. It reads the `fmt `
 * and `data` chunks of PCM 8/16-bit, G.711 mu-law (format 7) and A-law (format 6) files, also
 * inside WAVE_FORMAT_EXTENSIBLE, and writes a canonical file holding only `fmt ` (+ `fact` for
 * the companded formats) and `data`: every other chunk (LIST/INFO, bext, ...) is dropped, since
 * metadata chunks can carry text about the call. The samples themselves are never decoded or
 * re-encoded, so what is not silenced stays byte-identical.
 */

/** Sample encodings this module understands. */
export type WavEncoding = 'PCM8' | 'PCM16' | 'MULAW' | 'ALAW';

/** A parsed WAV file: its format and where its samples are. */
export interface Wav {
  readonly encoding: WavEncoding;
  readonly channels: number;
  readonly sampleRate: number;
  /** Bytes per frame (one sample of every channel). */
  readonly blockAlign: number;
  /** The sample bytes (a view into the input, interleaved frames). */
  readonly data: Uint8Array;
  /** Whole frames in `data`. */
  readonly frames: number;
}

/** The file is not a WAV file this module can process (a permanent failure). */
export class WavFormatError extends Error {
  override name = 'WavFormatError';
}

const FORMAT_PCM = 1;
const FORMAT_ALAW = 6;
const FORMAT_MULAW = 7;
const FORMAT_EXTENSIBLE = 0xfffe;

/** The byte pattern of a silent sample per encoding (PCM8 is unsigned, G.711 codes zero as 0xFF/0xD5). */
export const SILENCE_BYTE: Readonly<Record<WavEncoding, number>> = {
  PCM8: 0x80,
  PCM16: 0x00,
  MULAW: 0xff,
  ALAW: 0xd5,
};

function ascii(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0);
}

/**
 * Reads a WAV file.
 *
 * @throws WavFormatError when it is not RIFF/WAVE or uses an encoding other than PCM 8/16-bit,
 *   mu-law or A-law
 */
export function parseWav(bytes: Uint8Array): Wav {
  if (bytes.length < 12 || ascii(bytes, 0) !== 'RIFF' || ascii(bytes, 8) !== 'WAVE') {
    throw new WavFormatError('not a RIFF/WAVE file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt:
    | { format: number; channels: number; sampleRate: number; blockAlign: number; bits: number }
    | undefined;
  let data: Uint8Array | undefined;
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    // A streamed writer may leave the data size at 0 or 0xFFFFFFFF: the data runs to the end.
    const end = Math.min(bytes.length, body + size);
    if (id === 'fmt ') {
      if (size < 16) throw new WavFormatError('fmt chunk too short');
      let format = view.getUint16(body, true);
      if (format === FORMAT_EXTENSIBLE && size >= 40) format = view.getUint16(body + 24, true);
      fmt = {
        format,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      data = bytes.subarray(body, size === 0 || size === 0xffffffff ? bytes.length : end);
      if (size === 0 || size === 0xffffffff) break;
    }
    at = body + size + (size % 2);
  }
  if (!fmt) throw new WavFormatError('no fmt chunk');
  if (!data) throw new WavFormatError('no data chunk');
  const encoding: WavEncoding | undefined =
    fmt.format === FORMAT_PCM && fmt.bits === 16
      ? 'PCM16'
      : fmt.format === FORMAT_PCM && fmt.bits === 8
        ? 'PCM8'
        : fmt.format === FORMAT_MULAW && fmt.bits === 8
          ? 'MULAW'
          : fmt.format === FORMAT_ALAW && fmt.bits === 8
            ? 'ALAW'
            : undefined;
  if (!encoding) throw new WavFormatError(`unsupported encoding: format ${fmt.format}, ${fmt.bits} bits`);
  if (fmt.channels < 1 || fmt.channels > 8)
    throw new WavFormatError(`unsupported channel count ${fmt.channels}`);
  const blockAlign = fmt.channels * (encoding === 'PCM16' ? 2 : 1);
  if (fmt.blockAlign !== blockAlign)
    throw new WavFormatError(`block align ${fmt.blockAlign} != ${blockAlign}`);
  if (fmt.sampleRate < 1) throw new WavFormatError('sample rate 0');
  return {
    encoding,
    channels: fmt.channels,
    sampleRate: fmt.sampleRate,
    blockAlign,
    data,
    frames: Math.floor(data.length / blockAlign),
  };
}

/** Seconds of audio in a parsed file. */
export function durationSeconds(wav: Wav): number {
  return wav.frames / wav.sampleRate;
}

/**
 * A canonical WAV file for `wav`'s format around `data` (whole frames): `fmt ` (16 bytes for PCM,
 * 18 plus a `fact` chunk for mu-law and A-law, as the RIFF spec wants for non-PCM formats) and
 * `data`, nothing else.
 */
export function encodeWav(wav: Omit<Wav, 'data' | 'frames'>, data: Uint8Array): Uint8Array {
  const pcm = wav.encoding === 'PCM8' || wav.encoding === 'PCM16';
  const fmtSize = pcm ? 16 : 18;
  const factSize = pcm ? 0 : 12;
  const pad = data.length % 2;
  const header = 12 + 8 + fmtSize + factSize + 8;
  const out = new Uint8Array(header + data.length + pad);
  const view = new DataView(out.buffer);
  const put = (at: number, text: string) => {
    for (let i = 0; i < 4; i++) out[at + i] = text.charCodeAt(i);
  };
  put(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  view.setUint32(16, fmtSize, true);
  const format = wav.encoding === 'MULAW' ? FORMAT_MULAW : wav.encoding === 'ALAW' ? FORMAT_ALAW : FORMAT_PCM;
  const bytesPerSample = wav.encoding === 'PCM16' ? 2 : 1;
  view.setUint16(20, format, true);
  view.setUint16(22, wav.channels, true);
  view.setUint32(24, wav.sampleRate, true);
  view.setUint32(28, wav.sampleRate * wav.channels * bytesPerSample, true);
  view.setUint16(32, wav.channels * bytesPerSample, true);
  view.setUint16(34, bytesPerSample * 8, true);
  let at = 36;
  if (!pcm) {
    view.setUint16(at, 0, true); // cbSize
    at += 2;
    put(at, 'fact');
    view.setUint32(at + 4, 4, true);
    view.setUint32(at + 8, Math.floor(data.length / (wav.channels * bytesPerSample)), true);
    at += 12;
  }
  put(at, 'data');
  view.setUint32(at + 4, data.length, true);
  out.set(data, at + 8);
  return out;
}

/** A 16-bit PCM WAV file from one Int16Array per channel (all the same length). */
export function pcm16Wav(channels: readonly Int16Array[], sampleRate: number): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  const n = channels.length;
  const data = new Uint8Array(frames * n * 2);
  const view = new DataView(data.buffer);
  for (let f = 0; f < frames; f++) {
    for (let c = 0; c < n; c++) view.setInt16((f * n + c) * 2, channels[c]?.[f] ?? 0, true);
  }
  return encodeWav({ encoding: 'PCM16', channels: n, sampleRate, blockAlign: n * 2 }, data);
}

/** The samples of one channel of a 16-bit PCM file. */
export function pcm16Channel(wav: Wav, channel: number): Int16Array {
  if (wav.encoding !== 'PCM16') throw new WavFormatError(`not 16-bit PCM: ${wav.encoding}`);
  const out = new Int16Array(wav.frames);
  const view = new DataView(wav.data.buffer, wav.data.byteOffset, wav.data.byteLength);
  for (let f = 0; f < wav.frames; f++) out[f] = view.getInt16((f * wav.channels + channel) * 2, true);
  return out;
}

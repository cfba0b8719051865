import { vi } from 'vitest';

/** Which channels {@link captureOutput} watches and whether the real streams still see the output. */
export interface CaptureOptions {
  /**
   * Also capture the global console (default true). Powertools writes to the console instead of
   * the streams under POWERTOOLS_DEV, and the SDK or Node may log there, so a log scan needs it.
   */
  readonly console?: boolean;
  /** Still write stdout/stderr chunks to the real streams (default false: swallowed). */
  readonly passThrough?: boolean;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Decodes a stream chunk the way Node writes it: strings as is, bytes as UTF-8. */
function chunkText(chunk: unknown): string {
  return typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
}

/**
 * Captures everything written to process.stdout / process.stderr (and, unless turned off, the
 * console) into `into`, one entry per write or console call, so tests can scan log output for
 * data that must never appear (caller numbers, card digits).
 *
 * Uses `vi.spyOn`, so `vi.restoreAllMocks()` also undoes it.
 *
 * @param into the array each captured chunk or console line is pushed to
 * @param options channels to capture and whether to pass stream output through
 * @returns a function that restores the original streams and console methods
 */
export function captureOutput(into: string[], options: CaptureOptions = {}): () => void {
  const spies: { mockRestore(): void }[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream);
    const write = (chunk: unknown, ...rest: unknown[]): boolean => {
      into.push(chunkText(chunk));
      return options.passThrough ? (original as (...args: unknown[]) => boolean)(chunk, ...rest) : true;
    };
    spies.push(vi.spyOn(stream, 'write').mockImplementation(write as typeof stream.write));
  }
  if (options.console ?? true) {
    for (const method of CONSOLE_METHODS) {
      spies.push(
        vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
          into.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
        }),
      );
    }
  }
  return () => {
    for (const spy of spies) spy.mockRestore();
  };
}

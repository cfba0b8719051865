import { createInterface, type Interface } from 'node:readline';
import type { CallerInput, CallerPort, InputRequest } from './flow/interpreter';

/**
 * The caller in a terminal: prints what the robot says and reads keypad keys or sentences.
 * Enter alone is silence (the prompt times out), `/quit` or Ctrl-D hangs up. Works with a pipe
 * too (`printf '1\n1\nhow much is the smart plug\n' | npm start`).
 */
export class TerminalCaller implements CallerPort {
  private readonly rl: Interface;
  private readonly lines: AsyncIterator<string>;
  private readonly color: boolean;

  constructor(
    private readonly input$: NodeJS.ReadableStream = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stdout,
  ) {
    this.rl = createInterface({ input: this.input$, terminal: false });
    // The iterator buffers lines, so piped input that arrives before a prompt is not lost.
    this.lines = this.rl[Symbol.asyncIterator]();
    this.color = (output as NodeJS.WriteStream).isTTY === true;
  }

  private paint(code: string, text: string): string {
    return this.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }

  private write(text: string): void {
    this.output.write(text);
  }

  hear(text: string, source: 'flow' | 'bot'): void {
    this.write(`${this.paint('36', `robot${source === 'bot' ? ' (bot)' : ''}:`)} ${text}\n`);
  }

  private async line(prompt: string): Promise<string | undefined> {
    this.write(prompt);
    const next = await this.lines.next();
    if (next.done) {
      this.write('\n');
      return undefined;
    }
    // A terminal echoes what was typed; a pipe does not, so show it for a readable transcript.
    if ((this.input$ as NodeJS.ReadStream).isTTY !== true) this.write(`${next.value}\n`);
    return next.value;
  }

  async input(request: InputRequest): Promise<CallerInput> {
    for (;;) {
      if (request.mode === 'dtmf') {
        const keys = request.expectedKeys.length > 0 ? request.expectedKeys.join(' or ') : 'any key';
        const wait = request.timeoutSeconds
          ? ` (Enter alone = no answer, as if the ${request.timeoutSeconds} s timeout passed)`
          : '';
        const answer = await this.line(
          `${this.paint('33', `[keypad] press ${keys}${wait}, /quit hangs up`)}\nkeys> `,
        );
        if (answer === undefined || answer.trim() === '/quit') return { kind: 'hangup' };
        const keysTyped = answer.replace(/\s/g, '');
        if (keysTyped === '') return { kind: 'silence' };
        if (/^[0-9*#]+$/.test(keysTyped)) return { kind: 'dtmf', digits: keysTyped };
        this.write('This prompt takes keypad keys only (0-9, * or #).\n');
        continue;
      }
      const answer = await this.line(
        `${this.paint('33', '[speak] type what you say (digits alone are keyed; Enter alone = silence; /quit hangs up)')}\nyou> `,
      );
      if (answer === undefined || answer.trim() === '/quit') return { kind: 'hangup' };
      const text = answer.trim();
      if (text === '') return { kind: 'silence' };
      if (/^[0-9*#]+$/.test(text)) return { kind: 'dtmf', digits: text };
      return { kind: 'text', text };
    }
  }

  /** Releases the terminal. */
  close(): void {
    this.rl.close();
  }
}

import type { AddressInfo } from 'node:net';
import { createServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Context } from 'aws-lambda';
import { type CallerFacingFunction, IO_BUDGETS, worstInvocationMs } from '../lambdas/contracts/io-budgets';
import { eventsReachingAws, PLACEHOLDER_ENV } from '../test/support/caller-facing';

/**
 * How long each caller-facing function takes to answer when AWS never does: every SDK endpoint
 * points at a local server that accepts connections and never replies, the functions are loaded
 * as Lambda loads them (their index.ts), and the time to their answer is measured next to their
 * budget's worst case and what their caller waits (test/integration/black-hole.test.ts checks the
 * answers themselves).
 */

/** What each function's caller waits, in seconds (flow InvocationTimeLimitSeconds; Connect's 8 s for the bot). */
const CALLER_WAITS_S: Record<CallerFacingFunction, number> = {
  consent: 5,
  fulfillment: 8,
  payment: 8,
  'recording-control': 3,
  survey: 3,
};

/** Runs the benchmark; resolves whether every function answered within its caller's wait. */
export async function benchIo(print: (line: string) => void = (l) => console.log(l)): Promise<boolean> {
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    s.on('data', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, PLACEHOLDER_ENV, {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
  const context = { functionName: 'bench-io', awsRequestId: 'bench-io' } as Context;
  let ok = true;
  print('io: every AWS endpoint accepts connections and never answers');
  print('');
  print('function              answered in   budget worst case   caller waits   answer');
  try {
    for (const [name, event] of Object.entries(eventsReachingAws()) as [CallerFacingFunction, unknown][]) {
      const { handler } = (await import(`../lambdas/${name}/index.ts`)) as {
        handler: (e: unknown, c: Context) => Promise<unknown>;
      };
      const started = performance.now();
      let answer: string;
      try {
        const result = (await handler(event, context)) as {
          messages?: { content: string }[];
          result?: string;
        };
        answer =
          result.messages?.[0]?.content ??
          (result.result ? `result ${result.result}` : JSON.stringify(result));
      } catch (error) {
        answer = `threw ${(error as Error).name} (the flow's error branch)`;
      }
      const ms = performance.now() - started;
      const within = ms < CALLER_WAITS_S[name] * 1000;
      ok = ok && within;
      print(
        `${name.padEnd(20)} ${`${(ms / 1000).toFixed(2)} s`.padStart(12)} ${`${(worstInvocationMs(IO_BUDGETS[name]) / 1000).toFixed(1)} s`.padStart(19)} ${`${CALLER_WAITS_S[name]} s`.padStart(14)}   ${answer.slice(0, 60)}${within ? '' : '  LATE'}`,
      );
    }
  } finally {
    for (const s of sockets) s.destroy();
    server.close();
  }
  return ok;
}

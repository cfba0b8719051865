/**
 * `npm run bench [-- <name>] [--calls N] [--concurrency C]`: runs the named benchmark, or all.
 * - calls: scripted calls per second through the simulator (bench/calls.ts)
 * - fulfillment: the fulfillment handler benchmark (bench/fulfillment.ts, by the bot engineer)
 * - bundles: bundle size and cold import time of every function against a reference (bench/bundles.ts)
 * - io: how long each caller-facing function takes to answer when AWS never does (bench/io.ts)
 * - recommend: DynamoDB reads per recommendation turn for small and large catalogs (bench/recommend.ts)
 * - pii: redactor throughput per locale (bench/pii.ts)
 * - audio: audio de-identification speed of a 3-minute stereo call, × real time (bench/audio.ts)
 */
import { existsSync } from 'node:fs';
import { type CommandSpec, numberOption, runCommand, UsageError, unknownChoice } from '../bin/cli';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';

const BENCHMARKS = ['bundles', 'io', 'recommend', 'pii', 'audio', 'calls', 'fulfillment'] as const;

export const BENCH_COMMAND = {
  command: 'npm run bench --',
  usage: ['[<name> ...] [--calls <N>] [--concurrency <C>]'],
  summary: `Runs the named benchmarks, or all of them (${BENCHMARKS.join(', ')}); exits 1 when a benchmark reports a failure.`,
  positionals: { '<name>': `benchmark to run: ${BENCHMARKS.join(', ')} (default: all)` },
  options: {
    calls: { type: 'string', value: '<N>', description: 'calls benchmark: number of scripted calls' },
    concurrency: { type: 'string', value: '<C>', description: 'calls benchmark: calls in flight at once' },
  },
  examples: ['npm run bench -- calls --calls 200 --concurrency 8', 'npm run bench -- pii audio'],
} as const satisfies CommandSpec;

await runCommand(BENCH_COMMAND, async ({ values, positionals }) => {
  for (const name of positionals) {
    if (!(BENCHMARKS as readonly string[]).includes(name)) {
      throw new UsageError(unknownChoice('benchmark', name, BENCHMARKS));
    }
  }
  const calls = numberOption(values.calls, '--calls', { integer: true, positive: true });
  const concurrency = numberOption(values.concurrency, '--concurrency', { integer: true, positive: true });
  return (await runBenchmarks(positionals.length > 0 ? positionals : [...BENCHMARKS], calls, concurrency))
    ? 0
    : 1;
});

async function runBenchmarks(
  names: readonly string[],
  calls: number | undefined,
  concurrency: number | undefined,
): Promise<boolean> {
  let ok = true;
  for (const name of names) {
    if (name === 'calls') {
      const { runCallsBench } = await import('./calls');
      ok =
        (await runCallsBench({
          ...(calls ? { calls } : {}),
          ...(concurrency ? { concurrency } : {}),
        })) && ok;
    } else if (name === 'fulfillment') {
      const file = new URL('./fulfillment.ts', import.meta.url);
      if (!existsSync(file)) {
        console.log('fulfillment: skipped (bench/fulfillment.ts does not exist yet)');
        continue;
      }
      const mod = (await import(file.href)) as Record<string, unknown>;
      const run = Object.values(mod).find((v): v is () => Promise<unknown> => typeof v === 'function');
      if (!run) {
        console.log('fulfillment: skipped (bench/fulfillment.ts exports no function)');
        continue;
      }
      const result = await run();
      if (result === false) ok = false;
    } else if (name === 'bundles') {
      const { benchBundles } = await import('./bundles');
      ok = (await benchBundles()) && ok;
    } else if (name === 'io') {
      const { benchIo } = await import('./io');
      ok = (await benchIo()) && ok;
    } else if (name === 'pii') {
      const { benchPii } = await import('./pii');
      ok = benchPii() && ok;
    } else if (name === 'audio') {
      const { benchAudio } = await import('./audio');
      ok = benchAudio() && ok;
    } else if (name === 'recommend') {
      const { benchRecommend } = await import('./recommend');
      ok = (await benchRecommend()) && ok;
    }
  }
  return ok;
}

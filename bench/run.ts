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
import { parseArgs } from 'node:util';

process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { calls: { type: 'string' }, concurrency: { type: 'string' } },
});
const names =
  positionals.length > 0
    ? positionals
    : ['bundles', 'io', 'recommend', 'pii', 'audio', 'calls', 'fulfillment'];
let ok = true;
for (const name of names) {
  if (name === 'calls') {
    const { runCallsBench } = await import('./calls');
    ok =
      (await runCallsBench({
        ...(values.calls ? { calls: Number(values.calls) } : {}),
        ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
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
  } else {
    console.error(
      `unknown benchmark ${name}; choose bundles, io, recommend, pii, audio, calls or fulfillment`,
    );
    ok = false;
  }
}
process.exitCode = ok ? 0 : 1;

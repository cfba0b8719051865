import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { bundleOptions, LAMBDAS_DIR } from '../lib/constructs/function/bundling';
import { PLACEHOLDER_ENV } from '../test/support/caller-facing';

/**
 * Bundle size and cold import time of every function, measured side by side in one run:
 * - each function is bundled exactly as deployed (lib/constructs/function/bundling.ts);
 * - a reference handler (Powertools logger + DynamoDB DocumentClient, bench/reference-handler.ts)
 *   is bundled the same way, and once more with plain options (minified ESM, no ES-module
 *   preference, no aliases: what NodejsFunction does by default);
 * - each bundle is imported in a fresh Node.js process, rounds interleaved, and the time of the
 *   `import()` alone is taken (no process start-up); ratios are medians of per-round ratios.
 */

/** Targets of the caller-facing functions. */
const CALLER_FACING = ['consent', 'fulfillment', 'payment', 'recording-control'] as const;
const SIZE_TARGET_KB = 400;
const RATIO_TARGET = 1.0;
const RATIO_TARGETED = new Set(['consent', 'fulfillment']);

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

interface Built {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly metafile: Metafile;
}

async function bundle(
  name: string,
  entry: string,
  dir: string,
  options?: Partial<BuildOptions>,
): Promise<Built> {
  const file = join(dir, `${name}.mjs`);
  const result = await build({ ...bundleOptions(entry, file), ...options, logLevel: 'silent' });
  return { name, file, bytes: statSync(file).size, metafile: result.metafile as Metafile };
}

/** The biggest packages of a bundle: where the bytes go. */
function topPackages(built: Built, count: number): string {
  const output = Object.values(built.metafile.outputs).find((o) => o.entryPoint);
  const byPackage = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/').slice(0, 2).join('/');
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + input.bytesInOutput);
  }
  return [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([pkg, bytes]) => `${pkg} ${(bytes / 1024).toFixed(0)}`)
    .join(', ');
}

/** Milliseconds one fresh process takes to import a bundle. */
function importMs(file: string): number {
  const out = execFileSync(
    process.execPath,
    [
      '-e',
      `const t=performance.now();import(${JSON.stringify(file)}).then(()=>console.log(performance.now()-t))`,
    ],
    { env: { ...process.env, ...PLACEHOLDER_ENV }, encoding: 'utf8' },
  );
  return Number(out.trim().split('\n').at(-1));
}

/** Options of {@link benchBundles}. */
export interface BundlesBenchOptions {
  /** Import rounds. @default 21 */
  readonly rounds?: number;
  readonly print?: (line: string) => void;
}

/** Runs the benchmark; resolves whether every target holds. */
export async function benchBundles(options: BundlesBenchOptions = {}): Promise<boolean> {
  const print = options.print ?? ((line: string) => console.log(line));
  const rounds = options.rounds ?? 21;
  const dir = mkdtempSync(join(tmpdir(), 'phone-robot-bench-bundles-'));
  const functions = readdirSync(LAMBDAS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(join(LAMBDAS_DIR, d.name)).includes('index.ts'))
    .map((d) => d.name)
    .sort();
  const reference = new URL('./reference-handler.ts', import.meta.url).pathname;
  const built = [
    await bundle('reference', reference, dir),
    await bundle('reference-plain', reference, dir, { mainFields: ['main', 'module'], alias: {} }),
    ...(await Promise.all(functions.map((f) => bundle(f, join(LAMBDAS_DIR, f, 'index.ts'), dir)))),
  ];
  const timed = built.filter(
    (b) => b.name.startsWith('reference') || (CALLER_FACING as readonly string[]).includes(b.name),
  );
  const times = new Map<string, number[]>(timed.map((b) => [b.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const b of timed) times.get(b.name)?.push(importMs(b.file));
  }
  const ratio = (name: string, against: string) => {
    const mine = times.get(name) ?? [];
    const ref = times.get(against) ?? [];
    return median(mine.map((t, i) => t / (ref[i] ?? Number.NaN)));
  };

  let ok = true;
  print(
    `bundles: esbuild as deployed (lib/constructs/function/bundling.ts); import time over ${rounds} interleaved rounds`,
  );
  print('');
  print('function              size KB   import ms   vs reference   vs plain ref   target');
  for (const b of built) {
    const kb = b.bytes / 1024;
    const t = times.get(b.name);
    const callerFacing = (CALLER_FACING as readonly string[]).includes(b.name);
    const r = t && !b.name.startsWith('reference') ? ratio(b.name, 'reference') : undefined;
    const rp = t && !b.name.startsWith('reference') ? ratio(b.name, 'reference-plain') : undefined;
    const verdicts: string[] = [];
    if (callerFacing) {
      const sizeOk = kb <= SIZE_TARGET_KB;
      verdicts.push(sizeOk ? `size ok` : `size OVER ${SIZE_TARGET_KB} KB`);
      ok = ok && sizeOk;
      if (RATIO_TARGETED.has(b.name) && r !== undefined) {
        verdicts.push(r <= RATIO_TARGET ? 'ratio ok' : `ratio OVER ${RATIO_TARGET}`);
      }
    }
    print(
      `${b.name.padEnd(20)} ${kb.toFixed(0).padStart(8)} ${t ? median(t).toFixed(1).padStart(11) : '          -'} ${r !== undefined ? r.toFixed(2).padStart(14) : '             -'} ${rp !== undefined ? rp.toFixed(2).padStart(14) : '             -'}   ${verdicts.join(', ')}`,
    );
  }
  print('');
  print('where the bytes go (KB):');
  for (const b of built.filter(
    (x) => (CALLER_FACING as readonly string[]).includes(x.name) || x.name === 'reference',
  )) {
    print(`  ${b.name.padEnd(18)} ${topPackages(b, 6)}`);
  }
  return ok;
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync } from 'esbuild';

/**
 * How every function is bundled, in one place: the function construct bundles with these
 * settings (esbuild, locally, no Docker), and `npm run bench` builds its bundles and its reference
 * the same way, so the sizes and import times it prints are those of what is deployed.
 */

/** The `lambdas/` folder. */
export const LAMBDAS_DIR = fileURLToPath(new URL('../../../lambdas/', import.meta.url));

/** The runtime's Node.js major version (nodejs24.x). */
export const BUNDLE_TARGET = 'node24';

/** ESM bundles need a real `require` for the CommonJS parts of the AWS SDK. */
export const BUNDLE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** ES module builds first: the SDK and Powertools ship them, and only they tree-shake. */
export const BUNDLE_MAIN_FIELDS = ['module', 'main'] as const;

/**
 * Packages replaced at bundling time, each by something the Lambda runtime already provides:
 * - the SDK's Node.js credential chain by the environment provider (Lambda hands a function its
 *   role's credentials in the environment; see lambdas/aws/lambda-credentials.ts);
 * - `readable-stream`, the Encryption SDK's copy of Node's stream module, by Node's own.
 */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  '@aws-sdk/credential-provider-node': `${LAMBDAS_DIR}aws/lambda-credentials.ts`,
  'readable-stream': 'stream',
};

/** The esbuild options of a function bundle (the bench builds its reference with the same). */
export function bundleOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    format: 'esm',
    platform: 'node',
    target: BUNDLE_TARGET,
    mainFields: [...BUNDLE_MAIN_FIELDS],
    alias: { ...BUNDLE_ALIASES },
    banner: { js: BUNDLE_BANNER },
    // The pinned SDK is bundled, not the runtime's, so local tests run the same code.
    external: [],
    metafile: true,
    // Warnings and errors only: a clean synth prints nothing about bundling.
    logLevel: 'warning',
  };
}

const built = new Map<string, string>();

/**
 * Bundles `lambdas/<functionName>/index.ts` into a folder holding `index.mjs` (and its source
 * map), once per process: every stack of a synth, and every synth of a test run, share it.
 *
 * @returns the folder, for `lambda.Code.fromAsset`
 */
export function bundleFunction(functionName: string): string {
  const cached = built.get(functionName);
  if (cached) return cached;
  const dir = mkdtempSync(join(tmpdir(), `phone-robot-${functionName}-`));
  buildSync(bundleOptions(`${LAMBDAS_DIR}${functionName}/index.ts`, join(dir, 'index.mjs')));
  built.set(functionName, dir);
  return dir;
}

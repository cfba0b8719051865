import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The README is the front door: what it names must exist in this repository. */
const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const SCRIPTS = Object.keys(PACKAGE.scripts);
const MODULES = new Set([...Object.keys(PACKAGE.dependencies), ...Object.keys(PACKAGE.devDependencies)]);
/** What the tools or the operator create (not in a fresh clone). */
const GENERATED = /^(?:out|cdk\.out|\.local-data|node_modules|coverage)(?:\/|$)|^cdk\.context\.json$/;

/** Backticked tokens that name a file or folder of the repository. */
function namedPaths(text: string): string[] {
  const paths = new Set<string>();
  for (const m of text.matchAll(/`([^`\s]+)`/g)) {
    const token = (m[1] ?? '').replace(/[.,:;)]+$/, '');
    if (/^(?:https?:|s3:|arn:|[-@$<{(]|\.\.)/.test(token) || /[<>*{}|…$=]/.test(token)) continue;
    const looksLikeFile = /\.(?:ts|js|cjs|mjs|json|sql|md|yml|yaml|sh|csv|html|svg)$/.test(token);
    const looksLikeFolder = /^[a-z][\w.-]*\/(?:[\w.-]+\/?)*$/.test(token) && token.includes('/');
    if (!looksLikeFile && !looksLikeFolder) continue;
    // A module path such as `zod/mini` or `aws-cdk-lib/aws-s3` names a package, not a file.
    if (MODULES.has(token.split('/')[0] ?? '') || MODULES.has(token.split('/').slice(0, 2).join('/')))
      continue;
    if (
      !token.includes('/') &&
      !existsSync(join(ROOT, token)) &&
      !/^[A-Z_]+\.md$|^[\w.-]+\.json$/.test(token)
    )
      continue;
    paths.add(token.replace(/\/$/, ''));
  }
  return [...paths];
}

describe('README', () => {
  it('names only npm scripts that exist', () => {
    const named = [...README.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] ?? '');
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((s) => !SCRIPTS.includes(s))).toEqual([]);
  });

  it('names only files and folders that exist (or that the tools write)', () => {
    const paths = namedPaths(README);
    expect(paths.length).toBeGreaterThan(20);
    const missing = paths.filter((p) => !GENERATED.test(p) && !existsSync(join(ROOT, p)));
    expect(missing).toEqual([]);
  });

  it('points nowhere outside the repository', () => {
    expect(README).not.toMatch(/\.\.\/|\/work\/|shared\/DESIGN/);
  });

  it('catches a file that does not exist (the check can fail)', () => {
    expect(namedPaths('see `lambdas/core/nothing-here.ts` and `docs/RUNBOOK.md`')).toEqual([
      'lambdas/core/nothing-here.ts',
      'docs/RUNBOOK.md',
    ]);
  });
});

describe('README cost example', () => {
  it('is what npm run cost prints today', async () => {
    // Prepare: the example block starts at the command line and ends at the fence
    const block =
      /\$ npm run cost -- (--calls-per-month \d+ --minutes \d+ --locale [\w-]+)\n([\s\S]*?)\n```/.exec(
        README,
      );
    expect(block).not.toBeNull();
    const args = (block?.[1] ?? '').split(' ');
    // Act
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'bin/cost.ts', ...args],
      {
        cwd: ROOT,
        timeout: 60_000,
      },
    );
    // Assess
    expect(stdout.trimEnd()).toBe((block?.[2] ?? '').trimEnd());
  }, 90_000);
});

describe('README scenario example', () => {
  it('is test/scenarios/readme-example-en.json, which npm test runs', () => {
    const scenario = readFileSync(join(ROOT, 'test', 'scenarios', 'readme-example-en.json'), 'utf8');
    expect(README).toContain(`\`\`\`json\n${scenario}\`\`\``);
  });
});

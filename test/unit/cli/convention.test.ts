import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closest, numberOption, prepareOutputFile, UsageError } from '../../../bin/cli';
import { CHART_DIR, chartPath } from '../../../local/analytics/cli';

/**
 * The one CLI convention (bin/cli.ts) of every command: each is run as `npm run` runs it (tsx, in a
 * child process). Runs go in parallel, a few at a time, so the file stays fast on two cores; none
 * of them starts DynamoDB Local, DuckDB or the CDK, because bad arguments are reported first.
 */

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const COMMANDS = {
  analytics: 'bin/analytics.ts',
  'bot-eval': 'bin/bot-eval.ts',
  'bot-review': 'bin/bot-review.ts',
  'bot-compare': 'bin/nlu-compare.ts',
  'compliance-report': 'bin/compliance-report.ts',
  cost: 'bin/cost.ts',
  dsar: 'bin/dsar.ts',
  orders: 'bin/orders.ts',
  dashboard: 'bin/dashboard.ts',
  'flows-check': 'bin/flows-check.ts',
  'flows-diagram': 'bin/flows-diagram.ts',
  invoke: 'bin/invoke.ts',
  simulator: 'bin/simulator.ts',
  bench: 'bench/run.ts',
} as const;
type Command = keyof typeof COMMANDS;

/** A mistyped option per command and the option it should suggest. */
const TYPOS: Readonly<Record<Command, readonly [string, string]>> = {
  analytics: ['--chrat', '--chart'],
  'bot-eval': ['--min-acuracy', '--min-accuracy'],
  'bot-review': ['--aply', '--apply'],
  'bot-compare': ['--varaints', '--variants'],
  'compliance-report': ['--otu', '--out'],
  cost: ['--minuts', '--minutes'],
  dsar: ['--phnoe', '--phone'],
  orders: ['--referense', '--reference'],
  dashboard: ['--laek', '--lake'],
  'flows-check': ['--confg', '--config'],
  'flows-diagram': ['--ou', '--out'],
  invoke: ['--evnt', '--event'],
  simulator: ['--scenaro', '--scenario'],
  bench: ['--concurency', '--concurrency'],
};

const work = mkdtempSync(join(tmpdir(), 'cli-convention-'));
const NO_DIR = '/no-such-folder-phone-robot';

/** The failure cases of the issue: command, arguments. */
const FAILURES = {
  costWords: ['cost', ['--calls-per-month', 'ten', '--minutes', '3']],
  costNegative: ['cost', ['--calls-per-month', '-5', '--minutes', '3']],
  costMissing: ['cost', ['--minutes', '3']],
  costDebug: ['cost', ['--calls-per-month', '1', '--minutes', '1', '--prices', 'missing.json', '--debug']],
  flowsConfig: ['flows-check', ['--config', 'missing.json']],
  diagramOut: ['flows-diagram', ['--out']],
  botLex: ['bot-eval', ['--lex', 'foo']],
  scenario: ['simulator', ['--scenario', 'nope.json']],
  dsarOut: ['dsar', ['export', '--phone', '+15550123', '--out', `${NO_DIR}/x.json`]],
  dsarRequest: ['dsar', ['exprt', '--phone', '+15550123']],
  ordersAction: ['orders', ['shp', '482913']],
  ordersNumber: ['orders', ['ship', '4829']],
  ordersRefund: ['orders', ['refund', '482913']],
  analyticsLake: ['analytics', ['calls-per-hour', '--lake', NO_DIR]],
  invokeBare: ['invoke', []],
  invokeUnknown: ['invoke', ['fulfilment', '--event', 'x.json']],
} as const satisfies Record<string, readonly [Command, readonly string[]]>;

function tsx(command: Command, args: readonly string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', COMMANDS[command], ...args],
      {
        encoding: 'utf8',
        timeout: 30_000,
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      },
      (error, stdout, stderr) => {
        const code = error && typeof error.code === 'number' ? error.code : error ? null : 0;
        done({ status: code, stdout, stderr });
      },
    );
  });
}

/** Runs `jobs` with at most `limit` child processes at a time. */
async function pool<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await (jobs[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

const names = Object.keys(COMMANDS) as Command[];
const help = new Map<Command, Run>();
const typo = new Map<Command, Run>();
const failure = new Map<keyof typeof FAILURES, Run>();

beforeAll(async () => {
  const jobs: (() => Promise<void>)[] = [
    ...names.map((c) => async () => void help.set(c, await tsx(c, ['--help']))),
    ...names.map((c) => async () => void typo.set(c, await tsx(c, [TYPOS[c][0], 'x']))),
    ...(Object.entries(FAILURES) as [keyof typeof FAILURES, readonly [Command, readonly string[]]][]).map(
      ([key, [c, args]]) =>
        async () =>
          void failure.set(key, await tsx(c, args)),
    ),
  ];
  await pool(jobs, 3);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const STACK = /^\s+at /m;
/** The lines of stderr that are not Node's notices. */
const lines = (run: Run | undefined) => (run?.stderr ?? '').trim().split('\n');

describe.each(names)('%s', (command) => {
  it('prints usage, options and an example on --help and exits 0', () => {
    const run = help.get(command);
    expect(run?.status).toBe(0);
    expect(run?.stdout).toMatch(/^Usage: /);
    expect(run?.stdout).toContain('\nOptions:\n');
    expect(run?.stdout).toContain('-h, --help');
    expect(run?.stdout).toMatch(/\nExamples?:\n {2}(npm|npx)/);
  });

  it('rejects an unknown option with the closest known one, exit 2, no stack trace', () => {
    const [wrong, right] = TYPOS[command];
    const run = typo.get(command);
    expect(run?.status).toBe(2);
    expect(lines(run)[0]).toBe(`error: unknown option ${wrong}; did you mean ${right}?`);
    expect(run?.stderr).toMatch(/^Usage: /m);
    expect(run?.stderr).not.toMatch(STACK);
  });
});

describe('bad arguments and runtime failures', () => {
  it('validates numbers, naming the option and the value as given', () => {
    expect(failure.get('costWords')?.status).toBe(2);
    expect(lines(failure.get('costWords'))[0]).toBe(
      'error: --calls-per-month must be a positive number, got "ten"',
    );
    expect(lines(failure.get('costNegative'))[0]).toBe(
      'error: --calls-per-month must be a positive number, got "-5"',
    );
    expect(failure.get('costMissing')?.status).toBe(2);
    expect(lines(failure.get('costMissing'))[0]).toMatch(
      /^error: --calls-per-month is required: pass --calls-per-month/,
    );
  });

  it.each([
    ['flowsConfig', /^error: --config missing\.json: no such file; fix: /],
    ['scenario', /^error: --scenario nope\.json: no such file; fix: /],
    ['dsarOut', /^error: --out: the folder \/no-such-folder-phone-robot does not exist .*; fix: /],
    ['analyticsLake', /^error: --lake \/no-such-folder-phone-robot: no such folder; fix: run npm start/],
  ] as const)('%s: one line naming the fix, non-zero exit, no stack', (key, message) => {
    const run = failure.get(key);
    expect(run?.status).not.toBe(0);
    expect(lines(run)).toHaveLength(1);
    expect(lines(run)[0]).toMatch(message);
    expect(run?.stderr).not.toMatch(STACK);
  });

  it.each([
    ['diagramOut', 'error: --out needs a value: --out <dir>'],
    ['botLex', 'error: --lex must be local or aws, got "foo"'],
    ['dsarRequest', 'error: unknown request exprt; did you mean export?'],
    ['ordersAction', 'error: unknown action shp; did you mean ship?'],
    ['ordersNumber', 'error: order numbers have six digits, got "4829"'],
    [
      'ordersRefund',
      "error: refund needs --reference <the provider's refund id> (refund in the provider first)",
    ],
  ] as const)('%s: usage error, exit 2', (key, message) => {
    const run = failure.get(key);
    expect(run?.status).toBe(2);
    expect(lines(run)[0]).toBe(message);
    expect(run?.stderr).toMatch(/^Usage: /m);
    expect(run?.stderr).not.toMatch(STACK);
  });

  it('prints the stack trace too with --debug', () => {
    const run = failure.get('costDebug');
    expect(run?.status).toBe(1);
    expect(lines(run)[0]).toBe(
      'error: --prices missing.json: no such file; fix: pass the path of an existing file',
    );
    expect(run?.stderr).toMatch(STACK);
  });

  it('invoke lists the functions and their sample events without a function or with an unknown one', () => {
    for (const run of [failure.get('invokeBare'), failure.get('invokeUnknown')]) {
      expect(run?.status).toBe(2);
      expect(run?.stderr).toMatch(/ {2}fulfillment +sample events: test\/fixtures\/lex\//);
      expect(run?.stderr).toMatch(/ {2}consent +sample events: test\/fixtures\/connect\//);
    }
    expect(lines(failure.get('invokeUnknown'))[0]).toContain('did you mean fulfillment?');
  });
});

describe('shared helpers', () => {
  it('creates the parent folders of an output file', () => {
    const file = join(work, 'new', 'dir', 'x.json');
    expect(prepareOutputFile(file, '--out')).toBe(file);
    expect(existsSync(join(work, 'new', 'dir'))).toBe(true);
  });

  it('writes relative analytics charts under out/, where biome and git do not look', () => {
    expect(chartPath('c.svg')).toBe(resolve(CHART_DIR, 'c.svg'));
    expect(chartPath('out/c.svg')).toBe(resolve('out/c.svg'));
    expect(chartPath('/tmp/c.svg')).toBe('/tmp/c.svg');
  });

  it('suggests by edit distance or prefix, and only when close', () => {
    expect(closest('calls-per-mont', ['calls-per-month', 'minutes'])).toBe('calls-per-month');
    expect(closest('calls', ['calls-per-month', 'minutes'])).toBe('calls-per-month');
    expect(closest('zzz', ['calls-per-month', 'minutes'])).toBeUndefined();
    expect(() => numberOption('1e', '--x')).toThrow(UsageError);
    expect(numberOption('0.5', '--x', { min: 0, max: 1 })).toBe(0.5);
  });
});

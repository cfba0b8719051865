/**
 * The one command-line convention of every phone-robot command (bin/*.ts except the CDK app, and
 * bench/run.ts), written once:
 *
 * - `-h` / `--help`: usage, every option with a one-line description and an example; exit 0.
 * - A missing, unknown or invalid argument: one line `error: <which argument and how to fix it>`
 *   (an unknown option names the closest known one), then the usage line; exit 2. Nothing heavy
 *   (DynamoDB Local, the CDK, DuckDB, AWS clients) starts before the arguments are checked.
 * - A runtime failure: one line `error: <what failed>; fix: <what to do>`; exit 1 (or the code the
 *   error carries). No stack trace unless `--debug` is given, which every command accepts.
 * - Files: inputs are checked before they are read ({@link readInputFile}); outputs create their
 *   parent folders ({@link prepareOutputFile}, {@link prepareOutputDir}).
 *
 * Built on node:util `parseArgs` (no dependency); this module adds the help text, the error
 * wording, the suggestion for unknown options and the number and choice checks.
 */
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, parse as parsePath, resolve } from 'node:path';
import { parseArgs } from 'node:util';

// The AWS SDK's nine-line notice that its 2027 releases need Node 22 would open every command's
// output; Node 20 is supported until then (README, requirements).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** One option of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** One line for the help. Say the default here when there is one. */
  readonly description: string;
  /** Placeholder of the value in the help, e.g. `<file>`. @default `<value>` */
  readonly value?: string;
  readonly short?: string;
  readonly multiple?: boolean;
  readonly default?: string;
}

/** The options of a command, by long name (without the dashes). */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** A command: what its help says and which options it takes. */
export interface CommandSpec<O extends OptionSpecs = OptionSpecs> {
  /** How the command is run, e.g. `npm run cost --` (the help puts the synopses after it). */
  readonly command: string;
  /** Synopses after {@link command}, one line each, e.g. `--calls-per-month <N> --minutes <M> [options]`. */
  readonly usage: readonly string[];
  /** What the command does, one short paragraph. */
  readonly summary: string;
  readonly options: O;
  /** Positional arguments, e.g. `{ '<query-name>': 'the named query to run' }`; none when absent. */
  readonly positionals?: Readonly<Record<string, string>>;
  /** At least one full command line that works as written. */
  readonly examples: readonly string[];
}

type ValueOf<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean
  : S['multiple'] extends true
    ? string[]
    : S extends { readonly default: string }
      ? string
      : string | undefined;

/** Parsed option values: booleans are always set (false when absent), strings when given or defaulted. */
export type OptionValues<O extends OptionSpecs> = { -readonly [K in keyof O]: ValueOf<O[K]> };

/** A parsed command line. */
export interface ParsedArgs<O extends OptionSpecs> {
  readonly values: OptionValues<O>;
  readonly positionals: string[];
  readonly debug: boolean;
}

/** A missing or invalid argument: printed with the usage; exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure the user can fix (missing file, unwritable folder, ...): one line, no stack; exit `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

const BUILT_IN: OptionSpecs = {
  debug: { type: 'boolean', description: 'print the stack trace of an error' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

function allOptions(spec: CommandSpec): OptionSpecs {
  return { ...spec.options, ...BUILT_IN };
}

function optionLabel(name: string, option: OptionSpec): string {
  const flags = option.short ? `-${option.short}, --${name}` : `--${name}`;
  return option.type === 'string' ? `${flags} ${option.value ?? '<value>'}` : flags;
}

/** The usage lines, as printed under an error. */
export function usageLines(spec: CommandSpec): string {
  return spec.usage.map((u, i) => `${i === 0 ? 'Usage:' : '      '} ${spec.command} ${u}`).join('\n');
}

/** The full `--help` text. */
export function helpText(spec: CommandSpec): string {
  const options = Object.entries(allOptions(spec)).map(([name, o]) => [optionLabel(name, o), o.description]);
  const positionals = Object.entries(spec.positionals ?? {});
  const width = Math.max(...[...options, ...positionals].map(([label]) => (label as string).length)) + 2;
  const rows = (list: (string | undefined)[][]) => list.map(([l, d]) => `  ${(l ?? '').padEnd(width)}${d}`);
  return [
    usageLines(spec),
    '',
    spec.summary,
    ...(positionals.length ? ['', 'Arguments:', ...rows(positionals)] : []),
    '',
    'Options:',
    ...rows(options),
    '',
    spec.examples.length > 1 ? 'Examples:' : 'Example:',
    ...spec.examples.map((e) => `  ${e}`),
  ].join('\n');
}

/** Edit distance (Levenshtein) between two strings. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The known word closest to `word` (by edit distance, or a prefix), if any is close enough. */
export function closest(word: string, known: readonly string[]): string | undefined {
  const scored = known
    .map((k) => ({ k, d: k.startsWith(word) || word.startsWith(k) ? 1 : editDistance(word, k) }))
    .sort((x, y) => x.d - y.d);
  const best = scored[0];
  return best && best.d <= Math.max(2, Math.floor(word.length / 3)) ? best.k : undefined;
}

/** `unknown X "foo"; did you mean "bar"?` or the list of known ones. */
export function unknownChoice(what: string, got: string, known: readonly string[], prefix = ''): string {
  const near = closest(got, known);
  return near
    ? `unknown ${what} ${prefix}${got}; did you mean ${prefix}${near}?`
    : `unknown ${what} ${prefix}${got}; known: ${known.map((k) => `${prefix}${k}`).join(', ')}`;
}

const quoted = (option: string) => /'(-[^' ]+)/.exec(option)?.[1];

/** Turns a node:util parseArgs error into a message naming the argument and the fix. */
function parseArgsMessage(error: Error & { code?: string }, spec: CommandSpec): string {
  const options = allOptions(spec);
  const raw = quoted(error.message) ?? '';
  const name = raw.replace(/^-+/, '');
  const long = raw.startsWith('--') ? name : Object.entries(options).find(([, o]) => o.short === name)?.[0];
  const option = long ? options[long] : undefined;
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    return raw.startsWith('--')
      ? unknownChoice('option', name, Object.keys(options), '--')
      : `unknown option ${raw}; the options are ${Object.keys(options)
          .map((k) => `--${k}`)
          .join(', ')}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && long && option) {
    return option.type === 'boolean'
      ? `--${long} takes no value: write --${long} alone`
      : `--${long} needs a value: --${long} ${option.value ?? '<value>'}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const got = /'([^']*)'/.exec(error.message)?.[1] ?? '';
    return `unexpected argument "${got}": this command takes only options (see --help)`;
  }
  return error.message.split('\n')[0] ?? error.message;
}

/**
 * Lets a string option take a negative number (`--minutes -5`), which parseArgs would read as an
 * option, so that the number check can say what is wrong with it.
 */
function joinNegativeValues(argv: readonly string[], options: OptionSpecs): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const long = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : undefined;
    if (long && options[long]?.type === 'string' && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

/**
 * Parses `argv` against `spec`.
 *
 * @returns undefined when help was asked for (printed by {@link runCommand})
 * @throws UsageError naming the argument and the fix
 */
export function parseCommand<O extends OptionSpecs>(
  spec: CommandSpec<O>,
  argv: readonly string[],
): ParsedArgs<O> | undefined {
  // `npm run x -- args` hands over `args`; a second, leading `--` is dropped as well.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const options = allOptions(spec);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: joinNegativeValues(args, options),
      allowPositionals: spec.positionals !== undefined,
      strict: true,
      options: Object.fromEntries(
        Object.entries(options).map(([name, o]) => [
          name,
          {
            type: o.type,
            ...(o.short ? { short: o.short } : {}),
            ...(o.multiple ? { multiple: true } : {}),
            ...(o.default !== undefined
              ? { default: o.multiple ? [o.default] : o.default }
              : o.type === 'boolean'
                ? { default: false }
                : o.multiple
                  ? { default: [] }
                  : {}),
          },
        ]),
      ),
    });
  } catch (error) {
    if (args.includes('--help') || args.includes('-h')) return undefined;
    throw new UsageError(parseArgsMessage(error as Error, spec));
  }
  if (parsed.values.help) return undefined;
  return {
    values: parsed.values as OptionValues<O>,
    positionals: parsed.positionals,
    debug: parsed.values.debug === true,
  };
}

/** `--name` is required: throws a UsageError with an example value when it is missing. */
export function required<T>(value: T | undefined, option: string, example: string): T {
  if (value === undefined || value === '') {
    throw new UsageError(`${option} is required: pass ${option} ${example}`);
  }
  return value;
}

/**
 * A number option (`--calls-per-month 10000`).
 *
 * @throws UsageError `--x must be a positive number, got "ten"`
 */
export function numberOption(
  value: string | undefined,
  option: string,
  rule: {
    readonly min?: number;
    readonly max?: number;
    readonly integer?: boolean;
    readonly positive?: boolean;
  } = {
    positive: true,
  },
): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? Number.NaN : Number(value);
  const kind = rule.integer
    ? rule.positive
      ? 'a positive whole number'
      : 'a whole number'
    : rule.positive
      ? 'a positive number'
      : 'a number';
  const range =
    rule.min !== undefined && rule.max !== undefined
      ? ` from ${rule.min} to ${rule.max}`
      : rule.min !== undefined
        ? ` of at least ${rule.min}`
        : rule.max !== undefined
          ? ` of at most ${rule.max}`
          : '';
  const ok =
    Number.isFinite(n) &&
    (!rule.integer || Number.isInteger(n)) &&
    (!rule.positive || n > 0) &&
    (rule.min === undefined || n >= rule.min) &&
    (rule.max === undefined || n <= rule.max);
  if (!ok) throw new UsageError(`${option} must be ${kind}${range}, got "${value}"`);
  return n;
}

/** A choice option (`--lex local|aws`). @throws UsageError naming the choices */
export function choiceOption<C extends string>(value: string, option: string, choices: readonly C[]): C {
  if ((choices as readonly string[]).includes(value)) return value as C;
  const near = closest(value, choices);
  throw new UsageError(
    `${option} must be ${choices.join(' or ')}, got "${value}"${near ? `; did you mean ${option} ${near}?` : ''}`,
  );
}

/** Checks that an input file exists and is a file; returns its absolute path. */
export function inputFile(path: string, what: string): string {
  const full = resolve(path);
  if (!existsSync(full)) {
    throw new CliError(`${what} ${path}: no such file; fix: pass the path of an existing file`);
  }
  return full;
}

/** Reads an input file, naming the option and the fix when it cannot. */
export function readInputFile(path: string, what: string): string {
  const full = inputFile(path, what);
  if (statSync(full).isDirectory()) throw new CliError(`${what} ${path} is a folder; fix: pass a file`);
  return readFileSync(full, 'utf8');
}

/** Reads and parses a JSON input file, naming the option and the fix when it cannot. */
export function readJsonFile(path: string, what: string): unknown {
  const text = readInputFile(path, what);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CliError(
      `${what} ${path} is not valid JSON (${(error as Error).message}); fix: correct the file`,
    );
  }
}

/** Checks that an input folder exists; returns its absolute path. */
export function inputDir(path: string, what: string, fix: string): string {
  const full = resolve(path);
  if (!existsSync(full) || !statSync(full).isDirectory()) {
    throw new CliError(`${what} ${path}: no such folder; fix: ${fix}`);
  }
  return full;
}

/**
 * Creates folder `dir` (and its parents) for output and checks it is writable; returns its absolute
 * path. It does not create a new folder directly under the filesystem root (`--out /nodir/x.json`
 * is far more often a mistyped relative path than a wish).
 */
export function prepareOutputDir(dir: string, what: string): string {
  const full = resolve(dir);
  let existing = full;
  while (!existsSync(existing)) existing = dirname(existing);
  const fix = 'choose a path in a folder you can write to, e.g. under out/';
  if (!statSync(existing).isDirectory()) {
    throw new CliError(`${what}: ${existing} is a file, not a folder; fix: ${fix}`);
  }
  if (existing !== full && existing === parsePath(full).root) {
    throw new CliError(`${what}: the folder ${full} does not exist (not created in /); fix: ${fix}`);
  }
  try {
    mkdirSync(full, { recursive: true });
    accessSync(full, constants.W_OK);
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).message;
    throw new CliError(`${what}: cannot write to the folder ${full} (${code}); fix: ${fix}`);
  }
  return full;
}

/** Creates the parent folders of output file `path` (see {@link prepareOutputDir}); returns its absolute path. */
export function prepareOutputFile(path: string, what: string): string {
  const full = resolve(path);
  if (existsSync(full) && statSync(full).isDirectory()) {
    throw new CliError(`${what}: ${full} is a folder; fix: pass a file name, e.g. ${path}/result.json`);
  }
  prepareOutputDir(dirname(full), what);
  return full;
}

/**
 * Runs a command under the convention: parses `argv`, prints the help or the usage error, runs
 * `main` and turns its errors into one line (the stack with `--debug`). Sets `process.exitCode`.
 *
 * @param usageError errors of `main` to report like a UsageError (with the usage, exit 2)
 */
export async function runCommand<O extends OptionSpecs>(
  spec: CommandSpec<O>,
  main: (args: ParsedArgs<O>) => Promise<number | undefined> | number | undefined,
  options: { readonly argv?: readonly string[]; readonly usageError?: (error: unknown) => boolean } = {},
): Promise<number> {
  const argv = options.argv ?? process.argv.slice(2);
  const debug = argv.includes('--debug');
  let code: number;
  try {
    const args = parseCommand(spec, argv);
    if (!args) {
      console.log(helpText(spec));
      code = 0;
    } else {
      code = (await main(args)) ?? 0;
    }
  } catch (error) {
    code = report(error, spec, debug, options.usageError);
  }
  process.exitCode = code;
  return code;
}

function report(
  error: unknown,
  spec: CommandSpec,
  debug: boolean,
  usageError: ((error: unknown) => boolean) | undefined,
): number {
  const message = error instanceof Error ? error.message : String(error);
  const isUsage = error instanceof UsageError || usageError?.(error) === true;
  console.error(`error: ${message}`);
  if (debug && error instanceof Error && error.stack) console.error(error.stack);
  if (isUsage) {
    console.error(`${usageLines(spec)}\n(${spec.command} --help lists every option)`);
    return 2;
  }
  if (error instanceof CliError) return error.exitCode;
  if (!debug) console.error('(run again with --debug for the stack trace)');
  return 1;
}

/**
 * The options of a command that opens the local database `npm start` keeps (or a running DynamoDB
 * Local), the same in every such command.
 *
 * @param holds what the data folder holds for this command, for the help
 */
export function localDatabaseOptions(holds: string) {
  return {
    'dynamo-endpoint': {
      type: 'string',
      value: '<url>',
      description: 'local: a running DynamoDB Local (default: open the database npm start keeps in --data)',
    },
    'table-prefix': {
      type: 'string',
      value: '<prefix>',
      description: 'local: table name prefix (default: the only prefix found, e.g. local)',
    },
    data: {
      type: 'string',
      value: '<dir>',
      default: '.local-data',
      description: `local: data folder with ${holds} (default .local-data)`,
    },
  } as const satisfies OptionSpecs;
}

/**
 * `npm run flows:check [-- [--config context.json] path/to/rendered-flow.json ...]`
 *
 * Without paths: renders every flow from `contact-flows/` with the default config (and with each
 * single-locale config, which drops the language menu) and placeholder ARNs, then checks each
 * with those exact ARNs and notice texts; the default config is also rendered without the
 * payment ARNs (the pay-later variant).
 * With paths: checks those rendered flow files against the config (default, or `--config` with a
 * JSON object of CDK context values such as `{"retentionDays": 730}`): a notice whose text is none
 * of the config's rendered notices must still state purpose, retention days and a rights channel.
 * Lambda ARNs: a file that uses any of the placeholder ARNs was rendered offline, so the
 * placeholders are expected exactly; otherwise each role's single ARN is inferred from the file.
 * Properties proved on every path: consent before recording, recording disabled and the caller
 * told when consent is not granted, and recording suspended around card input (resumed on every
 * branch), and the post-call survey changing no recording state. Prints every violation with the path that breaks it; exits 1 on any violation.
 */
import { readFileSync } from 'node:fs';
import { SUPPORTED_LOCALES } from '../lambdas/contracts/locales';
import { type AppConfig, ConfigError, parseConfig } from '../lib/config';
import {
  type CheckFlowOptions,
  checkFlow,
  FLOW_NAMES,
  type FlowArns,
  type FlowCheckResult,
  type FlowLambdaArns,
  flowValues,
  formatViolations,
  PLACEHOLDER_ARNS,
  renderFlow,
  renderNotices,
} from '../lib/flows';
import { type CommandSpec, inputFile, readJsonFile, runCommand, UsageError } from './cli';

export const FLOWS_CHECK_COMMAND = {
  command: 'npm run flows:check --',
  usage: ['[--config <context.json>] [<rendered-flow.json> ...]'],
  summary:
    'Proves the structure and, on every path, the consent, decline, withdrawal and card-input recording properties of every flow rendered from contact-flows/ (or of the given rendered flow files); exits 1 on any violation.',
  positionals: { '<rendered-flow.json>': 'rendered flow files to check instead of the built-in flows' },
  options: {
    config: {
      type: 'string',
      value: '<context.json>',
      description:
        'JSON object of CDK context values the files were rendered with, e.g. {"retentionDays": 730}',
    },
  },
  examples: [
    'npm run flows:check',
    'npm run flows:check -- --config context.json test/fixtures/flows/recording-before-notice.json',
  ],
} as const satisfies CommandSpec;

interface Target {
  readonly label: string;
  readonly load: () => unknown;
  readonly options: (flow: unknown) => CheckFlowOptions;
}

/** The Lambda ARNs of a set of flow ARNs, as the checker matches them. */
function lambdaArns(arns: Partial<FlowArns>): FlowLambdaArns {
  return {
    ...(arns.consentFunctionArn === undefined ? {} : { consentFunctionArn: arns.consentFunctionArn }),
    ...(arns.recordingControlFunctionArn === undefined
      ? {}
      : { recordingControlFunctionArn: arns.recordingControlFunctionArn }),
    ...(arns.paymentFunctionArn === undefined ? {} : { paymentFunctionArn: arns.paymentFunctionArn }),
  };
}

/** Notice options for a config: its exact rendered texts, and content rules for any other text. */
function noticeOptions(config: AppConfig): CheckFlowOptions {
  return {
    noticeTexts: Object.values(renderNotices(config)).map((n) => n.text),
    noticeContent: { retentionDays: config.retentionDays },
  };
}

function builtInTargets(): Target[] {
  const configs = [
    parseConfig({}),
    ...SUPPORTED_LOCALES.map((locale) => parseConfig({ locales: locale, defaultLocale: locale })),
  ];
  const { paymentFunctionArn: _p, ...payLater } = PLACEHOLDER_ARNS;
  const variants: { label: string; arns: FlowArns; configs: typeof configs }[] = [
    { label: '', arns: PLACEHOLDER_ARNS, configs },
    { label: ', pay later', arns: payLater, configs: configs.slice(0, 1) },
  ];
  return variants.flatMap((variant) =>
    variant.configs.flatMap((config) =>
      FLOW_NAMES.map((name) => ({
        label: `${name} [locales ${config.locales.join(',')}${variant.label}]`,
        load: () => renderFlow(name, flowValues(config, variant.arns)),
        options: () => ({ ...noticeOptions(config), ...lambdaArns(variant.arns) }),
      })),
    ),
  );
}

/** The placeholder Lambda ARNs when the flow uses any of them (rendered offline), else none. */
function expectedArns(flow: unknown): FlowLambdaArns {
  const placeholders = new Set(Object.values(lambdaArns(PLACEHOLDER_ARNS)));
  const actions = (flow as { Actions?: unknown[] } | null)?.Actions;
  const used = (Array.isArray(actions) ? actions : []).map(
    (a) => (a as { Parameters?: { LambdaFunctionARN?: unknown } } | null)?.Parameters?.LambdaFunctionARN,
  );
  return used.some((arn) => typeof arn === 'string' && placeholders.has(arn))
    ? lambdaArns(PLACEHOLDER_ARNS)
    : {};
}

function fileTargets(paths: readonly string[], config: AppConfig): Target[] {
  return paths.map((path) => ({
    label: path,
    load: () => JSON.parse(readFileSync(path, 'utf8')) as unknown,
    options: (flow) => ({ ...noticeOptions(config), ...expectedArns(flow) }),
  }));
}

function main(paths: readonly string[], configFile: string | undefined): number {
  for (const path of paths) inputFile(path, 'flow file');
  const raw = configFile === undefined ? {} : readJsonFile(configFile, '--config');
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new UsageError(`--config ${configFile} must hold a JSON object such as {"retentionDays": 730}`);
  }
  const config = parseConfig(raw as Record<string, unknown>);
  const targets = paths.length > 0 ? fileTargets(paths, config) : builtInTargets();
  let failed = 0;
  for (const target of targets) {
    let result: FlowCheckResult;
    try {
      const flow = target.load();
      result = checkFlow(flow, target.options(flow));
    } catch (error) {
      failed++;
      console.error(`✗ ${target.label}: ${(error as Error).message}`);
      continue;
    }
    const { actions, chars, paths: pathCount, cardInputs } = result.stats;
    const size = `${actions} actions, ${chars} characters, ${pathCount} paths, ${cardInputs} card inputs`;
    if (result.ok) {
      console.log(
        `✓ ${target.label}: ${size}; consent (asked once, keys as offered), decline, withdrawal, card-input and survey recording properties hold on every path`,
      );
    } else {
      failed++;
      console.error(`✗ ${target.label}: ${size}; ${result.violations.length} violation(s)`);
      console.error(formatViolations(result.violations));
    }
  }
  return failed === 0 ? 0 : 1;
}

await runCommand(FLOWS_CHECK_COMMAND, ({ values, positionals }) => main(positionals, values.config), {
  usageError: (error) => error instanceof ConfigError,
});

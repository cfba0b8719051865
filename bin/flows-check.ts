/**
 * `npm run flows:check [-- path/to/rendered-flow.json ...]`
 *
 * Without paths: renders every flow from `contact-flows/` with the default config (and with each
 * single-locale config, which drops the language menu) and placeholder ARNs, then checks each;
 * the default config is also rendered without the payment ARNs (the pay-later variant).
 * Properties proved on every path: consent before recording, and recording suspended around card
 * input (resumed on every branch).
 * With paths: checks those rendered flow files (the notice is then recognised by its
 * `notice…` identifier, since the text depends on the config it was rendered with).
 * Prints every violation with the path that breaks it; exits 1 on any violation.
 */
import { readFileSync } from 'node:fs';
import { parseConfig, SUPPORTED_LOCALES } from '../lib/config';
import {
  type CheckFlowOptions,
  checkFlow,
  collectsCardInput,
  FLOW_NAMES,
  type FlowArns,
  type FlowCheckResult,
  flowValues,
  formatViolations,
  PLACEHOLDER_ARNS,
  renderFlow,
  renderNotices,
} from '../lib/flows';

interface Target {
  readonly label: string;
  readonly load: () => unknown;
  readonly options: CheckFlowOptions;
}

function builtInTargets(): Target[] {
  const configs = [
    parseConfig({}),
    ...SUPPORTED_LOCALES.map((locale) => parseConfig({ locales: locale, defaultLocale: locale })),
  ];
  const { paymentFunctionArn: _p, recordingControlFunctionArn: _r, ...payLater } = PLACEHOLDER_ARNS;
  const variants: { label: string; arns: FlowArns; configs: typeof configs }[] = [
    { label: '', arns: PLACEHOLDER_ARNS, configs },
    { label: ', pay later', arns: payLater, configs: configs.slice(0, 1) },
  ];
  return variants.flatMap((variant) =>
    variant.configs.flatMap((config) =>
      FLOW_NAMES.map((name) => ({
        label: `${name} [locales ${config.locales.join(',')}${variant.label}]`,
        load: () => renderFlow(name, flowValues(config, variant.arns)),
        options: { noticeTexts: Object.values(renderNotices(config)).map((n) => n.text) },
      })),
    ),
  );
}

function fileTargets(paths: readonly string[]): Target[] {
  return paths.map((path) => ({
    label: path,
    load: () => JSON.parse(readFileSync(path, 'utf8')) as unknown,
    options: {},
  }));
}

function main(argv: readonly string[]): number {
  const paths = argv.filter((a) => a !== '--');
  const targets = paths.length > 0 ? fileTargets(paths) : builtInTargets();
  let failed = 0;
  for (const target of targets) {
    let result: FlowCheckResult;
    try {
      result = checkFlow(target.load(), target.options);
    } catch (error) {
      failed++;
      console.error(`✗ ${target.label}: ${(error as Error).message}`);
      continue;
    }
    const { actions, chars, paths: pathCount } = result.stats;
    const flow = target.load() as { Actions?: { Type: string; Parameters: Record<string, unknown> }[] };
    const cardInputs = (flow.Actions ?? []).filter((a) =>
      collectsCardInput(a as Parameters<typeof collectsCardInput>[0]),
    ).length;
    const size = `${actions} actions, ${chars} characters, ${pathCount} paths, ${cardInputs} card inputs`;
    if (result.ok) {
      console.log(
        `✓ ${target.label}: ${size}; consent and card-input recording properties hold on every path`,
      );
    } else {
      failed++;
      console.error(`✗ ${target.label}: ${size}; ${result.violations.length} violation(s)`);
      console.error(formatViolations(result.violations));
    }
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));

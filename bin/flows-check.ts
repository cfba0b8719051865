/**
 * `npm run flows:check [-- path/to/rendered-flow.json ...]`
 *
 * Without paths: renders every flow from `contact-flows/` with the default config (and with each
 * single-locale config, which drops the language menu) and placeholder ARNs, then checks each.
 * With paths: checks those rendered flow files (the notice is then recognised by its
 * `notice…` identifier, since the text depends on the config it was rendered with).
 * Prints every violation with the path that breaks it; exits 1 on any violation.
 */
import { readFileSync } from 'node:fs';
import { parseConfig, SUPPORTED_LOCALES } from '../lib/config';
import {
  type CheckFlowOptions,
  checkFlow,
  FLOW_NAMES,
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
  return configs.flatMap((config) =>
    FLOW_NAMES.map((name) => ({
      label: `${name} [locales ${config.locales.join(',')}]`,
      load: () => renderFlow(name, flowValues(config, PLACEHOLDER_ARNS)),
      options: { noticeTexts: Object.values(renderNotices(config)).map((n) => n.text) },
    })),
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
    const size = `${actions} actions, ${chars} characters, ${pathCount} paths`;
    if (result.ok) {
      console.log(`✓ ${target.label}: ${size}; consent property holds on every path`);
    } else {
      failed++;
      console.error(`✗ ${target.label}: ${size}; ${result.violations.length} violation(s)`);
      console.error(formatViolations(result.violations));
    }
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));

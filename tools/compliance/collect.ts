import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { DECLINE_KEY, GRANT_KEY } from '../../lambdas/contracts/consent';
import type { Locale } from '../../lambdas/contracts/locales';
import { evaluateRedactor, type LabelledCase } from '../../lambdas/core/pii';
import { createStacks } from '../../lib/app';
import type { AppConfig } from '../../lib/config';
import * as flows from '../../lib/flows';
import { addNagPacks, listAcknowledgments, synthesizeWithFindings } from '../../lib/nag';
import { runDsarSelfCheck } from './dsar-check';
import {
  type Evidence,
  type FlowProof,
  PAY_LATER_VARIANT,
  type RedactionScore,
  type StackTemplate,
} from './evidence';
import { dataInventory } from './inventory';

/** The five packs `addNagPacks` adds, as their reports name them. */
export const NAG_PACKS = [
  'AwsSolutions',
  'HIPAA.Security',
  'NIST.800.53.R5',
  'PCI.DSS.321',
  'Serverless',
] as const;

/** Inputs of {@link collectEvidence}; `bin/compliance-report.ts` reads them. */
export interface CollectOptions {
  readonly config: AppConfig;
  /** CDK context (feature flags from cdk.json), so the synthesis equals `cdk synth`. */
  readonly context: Record<string, unknown>;
  /** Repository root, for the runbook and the labelled redaction sets. */
  readonly repoRoot: string;
  /** @default new Date() */
  readonly now?: Date;
}

/** Synthesizes every stack with the five nag packs; returns templates, findings, acknowledgments. */
export function synthesizeWithNag(config: AppConfig, context: Record<string, unknown>) {
  const outdir = mkdtempSync(join(tmpdir(), 'phone-robot-report-'));
  const app = new App({ outdir, context: { ...context } });
  createStacks(app, config);
  addNagPacks(app);
  const findings = synthesizeWithFindings(app, outdir);
  const templates: StackTemplate[] = app.node.children
    .filter((c): c is Stack => c instanceof Stack)
    .map((s) => ({
      stack: s.stackName,
      resources: (
        JSON.parse(readFileSync(join(outdir, `${s.artifactId}.template.json`), 'utf8')) as {
          Resources: StackTemplate['resources'];
        }
      ).Resources,
    }));
  return { templates, findings, acknowledgments: listAcknowledgments(app) };
}

type AnyProperty = ReturnType<typeof flows.consentBeforeRecording>;

/**
 * Whether every branch of a consent Compare other than GRANTED (DECLINED, NO_INPUT, INVALID all
 * take the default or NoMatchingCondition branch, or a condition of their own) leads to the bot:
 * a caller who does not consent keeps the full service.
 */
export function declineReachesBot(doc: flows.FlowDocument): boolean {
  const byId = new Map(doc.Actions.map((a) => [a.Identifier, a]));
  const starts = doc.Actions.filter(
    (a) => a.Type === 'Compare' && flows.paramAt(a, 'ComparisonValue') === '$.External.consent',
  ).flatMap((a) => [
    ...(a.Transitions.NextAction ? [a.Transitions.NextAction] : []),
    ...(a.Transitions.Errors ?? []).map((e) => e.NextAction),
    ...(a.Transitions.Conditions ?? [])
      .filter((c) => !(c.Condition?.Operands ?? []).includes('GRANTED'))
      .map((c) => c.NextAction),
  ]);
  if (starts.length === 0) return false;
  return starts.every((start) => {
    const seen = new Set<string>();
    const queue = [start];
    while (queue.length > 0) {
      const id = queue.shift() as string;
      const action = byId.get(id);
      if (!action || seen.has(id)) continue;
      if (action.Type === 'ConnectParticipantWithLexBot') return true;
      seen.add(id);
      for (const e of flows.edgesOf(action)) queue.push(e.target);
    }
    return false;
  });
}

/**
 * Proves the consent and payment properties on every flow: with card payment for the config and
 * each single locale, and the pay-later rendering a deploy without a payment key runs.
 */
export function proveFlows(config: AppConfig): FlowProof[] {
  const variants: AppConfig[] = [
    config,
    ...(config.locales.length > 1
      ? config.locales.map((l) => ({ ...config, locales: [l] as readonly Locale[], defaultLocale: l }))
      : []),
  ];
  // The Lambdas are matched by their exact (placeholder) ARNs, as the CDK stack does with tokens.
  const arns = {
    consentFunctionArn: flows.PLACEHOLDER_ARNS.consentFunctionArn,
    recordingControlFunctionArn: flows.PLACEHOLDER_ARNS.recordingControlFunctionArn,
    paymentFunctionArn: flows.PLACEHOLDER_ARNS.paymentFunctionArn,
  };
  // Without the payment key (the default deploy) the flow renders pay-later.json instead of the
  // card-payment segment: that flow is proved too, for the configured locales, as flows:check does.
  const { paymentFunctionArn: _card, ...payLaterArns } = flows.PLACEHOLDER_ARNS;
  const renderings = [
    ...variants.map((variant) => ({ variant, arns: flows.PLACEHOLDER_ARNS, suffix: '' })),
    { variant: config, arns: payLaterArns, suffix: `, ${PAY_LATER_VARIANT}` },
  ];
  const out: FlowProof[] = [];
  for (const { variant, arns: flowArns, suffix } of renderings) {
    const noticeTexts = Object.values(flows.renderNotices(variant)).map((n) => n.text);
    for (const name of flows.FLOW_NAMES) {
      const doc = flows.renderFlow(name, flows.flowValues(variant, flowArns));
      const label = `locales ${variant.locales.join(',')}${suffix}`;
      const prove = (property: FlowProof['property'], p: AnyProperty) => {
        const r = flows.checkFlow(doc, { noticeTexts, ...arns, properties: [p] });
        out.push({
          flow: name,
          variant: label,
          property,
          holds: r.ok,
          paths: r.stats.paths,
          actions: r.stats.actions,
          cardInputs: r.stats.cardInputs,
          violations: r.violations.map((v) => `${v.rule}: ${v.message}`),
          ...(property === 'consent' ? { declineReachesBot: declineReachesBot(doc) } : {}),
        });
      };
      prove('consent', flows.consentBeforeRecording({ noticeTexts }));
      prove('consent-once', flows.consentAskedOnce({ noticeTexts }));
      prove(
        'prompt-keys',
        flows.consentPromptOffersKeys({ grant: GRANT_KEY, decline: DECLINE_KEY }, { noticeTexts }),
      );
      prove('decline', flows.recordingDisabledUnlessGranted({ noticeTexts }));
      prove('withdrawal', flows.withdrawalHonoured());
      prove('payment', flows.recordingSuspendedForCardInput());
    }
  }
  return out;
}

/** Scores the redactor on the labelled sets in test/fixtures/pii. */
export function scoreRedaction(repoRoot: string, locales: readonly Locale[]): RedactionScore[] {
  return locales.flatMap((locale) => {
    const cases = JSON.parse(
      readFileSync(join(repoRoot, 'test', 'fixtures', 'pii', `labelled.${locale}.json`), 'utf8'),
    ) as LabelledCase[];
    const evaluation = evaluateRedactor(cases);
    return Object.entries(evaluation).map(([type, s]) => ({
      locale,
      type,
      spans: s.tp + s.fn,
      recall: s.recall,
      precision: s.precision,
    }));
  });
}

/** Gathers everything the controls are computed from. */
export async function collectEvidence(options: CollectOptions): Promise<Evidence> {
  const { config, context, repoRoot } = options;
  const synthesized = synthesizeWithNag(config, context);
  const runbookPath = join(repoRoot, 'docs', 'RUNBOOK.md');
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    config,
    notices: flows.renderNotices(config),
    templates: synthesized.templates,
    nag: { packs: NAG_PACKS, findings: synthesized.findings, acknowledgments: synthesized.acknowledgments },
    flows: proveFlows(config),
    redaction: scoreRedaction(repoRoot, config.locales),
    runbook: existsSync(runbookPath) ? readFileSync(runbookPath, 'utf8') : undefined,
    dsar: await runDsarSelfCheck(),
    inventory: dataInventory(config),
  };
}

import { type AppConfig, parseConfig } from '../../../lib/config';
import {
  type CheckFlowOptions,
  type FlowAction,
  type FlowCheckResult,
  type FlowDocument,
  flowValues,
  PLACEHOLDER_ARNS,
  renderFlow,
  renderNotices,
} from '../../../lib/flows';

/** A config with the given locales (first is default), everything else default. */
export function configFor(locales?: string): AppConfig {
  return parseConfig(locales === undefined ? {} : { locales });
}

/** The inbound flow rendered with placeholder ARNs. */
export function inbound(config: AppConfig = configFor()): FlowDocument {
  return renderFlow('inbound', flowValues(config, PLACEHOLDER_ARNS));
}

/** The rendered notice texts of a config, for the checker's content-based notice match. */
export function noticeTexts(config: AppConfig = configFor()): string[] {
  return Object.values(renderNotices(config)).map((n) => n.text);
}

/** A deep, mutable copy of a flow for mutation tests. */
export type MutableAction = { -readonly [K in keyof FlowAction]: FlowAction[K] } & {
  Parameters: Record<string, unknown>;
  Transitions: {
    NextAction?: string;
    Conditions?: unknown[];
    Errors?: { NextAction: string; ErrorType: string }[];
  };
};

/** A mutable flow document. */
export interface MutableFlow {
  Version: string;
  StartAction: string;
  Actions: MutableAction[];
}

/** Deep copy of a flow that a test may change freely. */
export function mutable(flow: FlowDocument): MutableFlow {
  return structuredClone(flow) as unknown as MutableFlow;
}

/** The action with the identifier; throws when absent so a broken test setup is loud. */
export function action(flow: MutableFlow, id: string): MutableAction {
  const found = flow.Actions.find((a) => a.Identifier === id);
  if (found === undefined) throw new Error(`test setup: no action ${id}`);
  return found;
}

/** Checker options for the default render: its notices and the placeholder Lambda ARNs. */
export function placeholderCheckOptions(): CheckFlowOptions {
  return {
    noticeTexts: noticeTexts(),
    consentFunctionArn: PLACEHOLDER_ARNS.consentFunctionArn,
    recordingControlFunctionArn: PLACEHOLDER_ARNS.recordingControlFunctionArn,
    paymentFunctionArn: PLACEHOLDER_ARNS.paymentFunctionArn,
  };
}

/** The distinct rules a check's violations name. */
export function rulesOf(result: FlowCheckResult): string[] {
  return [...new Set(result.violations.map((v) => v.rule))];
}

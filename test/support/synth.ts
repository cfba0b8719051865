import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createStacks, type PhoneRobotStacks } from '../../lib/app';
import { type AppConfig, parseConfig } from '../../lib/config';
import {
  addNagPacks,
  listAcknowledgments,
  type NagAcknowledgment,
  type NagFinding,
  synthesizeWithFindings,
} from '../../lib/nag';

/** The feature flags from cdk.json, so tests synthesize what `cdk synth` does. */
const CDK_CONTEXT = (
  JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: object }
).context;

/** A synthesized phone-robot app. */
export interface Synthesized {
  readonly app: App;
  readonly config: AppConfig;
  readonly stacks: PhoneRobotStacks;
  /** Unacknowledged cdk-nag findings (empty when nag was off or clean). */
  readonly findings: NagFinding[];
  readonly acknowledgments: NagAcknowledgment[];
  template(stack: keyof PhoneRobotStacks): Template;
}

/** Synthesizes every stack from raw context values, with the five nag packs unless `nag: false`. */
export function synth(raw: Record<string, unknown> = {}, options: { nag?: boolean } = {}): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'phone-robot-synth-'));
  const app = new App({ outdir, context: { ...CDK_CONTEXT } });
  const config = parseConfig(raw);
  const stacks = createStacks(app, config);
  if (options.nag ?? true) addNagPacks(app);
  const findings = synthesizeWithFindings(app, outdir);
  const templates = new Map<string, Template>();
  return {
    app,
    config,
    stacks,
    findings,
    acknowledgments: listAcknowledgments(app),
    template(stack) {
      const existing = templates.get(stack);
      if (existing) return existing;
      const t = Template.fromJSON(
        JSON.parse(readFileSync(join(outdir, `${stacks[stack].artifactId}.template.json`), 'utf8')),
      );
      templates.set(stack, t);
      return t;
    },
  };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Validations } from 'aws-cdk-lib';
import {
  AwsSolutionsChecks,
  HIPAASecurityChecks,
  NIST80053R5Checks,
  PCIDSS321Checks,
  ServerlessChecks,
} from 'cdk-nag';
import type { IConstruct } from 'constructs';

/** One unacknowledged cdk-nag finding. */
export interface NagFinding {
  readonly pack: string;
  readonly rule: string;
  readonly path: string;
  readonly description: string;
}

/** One acknowledged finding, with its reason, as recorded on the construct. */
export interface NagAcknowledgment {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

/** Adds the five cdk-nag packs phone-robot is held to. */
export function addNagPacks(app: App): void {
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app),
    new HIPAASecurityChecks(app),
    new NIST80053R5Checks(app),
    new PCIDSS321Checks(app),
    new ServerlessChecks(app),
  );
}

interface ReportShape {
  pluginReports: {
    pluginName: string;
    violations?: {
      ruleName: string;
      description: string;
      violatingConstructs?: { constructPath: string }[];
    }[];
  }[];
}

/** Reads the unacknowledged findings from a synthesized cloud assembly's validation report. */
export function readNagFindings(outdir: string): NagFinding[] {
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ReportShape;
  return report.pluginReports.flatMap((plugin) =>
    (plugin.violations ?? []).flatMap((v) =>
      (v.violatingConstructs ?? []).map((c) => ({
        pack: plugin.pluginName,
        rule: v.ruleName,
        path: c.constructPath,
        description: v.description,
      })),
    ),
  );
}

/** Every acknowledgment recorded under `root`, for the note and the compliance report. */
export function listAcknowledgments(root: IConstruct): NagAcknowledgment[] {
  const out: NagAcknowledgment[] = [];
  for (const c of root.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      // Recorded by Validations.acknowledge as { [qualifiedId]: reason }.
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        out.push({ path: c.node.path, id, reason });
      }
    }
  }
  return out;
}

/**
 * Synthesizes `app` (created with `outdir`) and returns its unacknowledged cdk-nag findings: a
 * synthesis that fails validation is how the packs report them; any other error is rethrown.
 */
export function synthesizeWithFindings(app: App, outdir: string): NagFinding[] {
  try {
    app.synth();
    return [];
  } catch (e) {
    if (!String(e).includes('ValidationFailed')) throw e;
    return readNagFindings(outdir);
  }
}

import { Aspects, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IConstruct } from 'constructs';

/** The cdk-nag packs that phone-robot runs. */
export enum NagPack {
  AWS_SOLUTIONS = 'AwsSolutions',
  HIPAA = 'HIPAA.Security',
  NIST_800_53_R5 = 'NIST.800.53.R5',
  PCI_DSS_321 = 'PCI.DSS.321',
  SERVERLESS = 'Serverless',
}

/** The three regulatory packs, which share many rule names. */
export const REGULATORY_PACKS = [NagPack.HIPAA, NagPack.NIST_800_53_R5, NagPack.PCI_DSS_321] as const;

/**
 * Acknowledges one cdk-nag rule on one construct for several packs at once, with the same
 * specific reason (e.g. `S3BucketReplicationEnabled` for HIPAA, NIST and PCI).
 *
 * @param construct the narrowest construct the finding is on (usually a Cfn resource)
 * @param rule rule name without the pack prefix, e.g. `S3BucketReplicationEnabled`
 * @param reason why the finding does not apply here; shown in the compliance report
 */
export function acknowledgeRule(
  construct: IConstruct,
  rule: string,
  reason: string,
  packs: readonly NagPack[] = REGULATORY_PACKS,
): void {
  if (reason.trim().length < 20)
    throw new Error(`acknowledgment of ${rule} needs a specific reason, got "${reason}"`);
  Validations.of(construct).acknowledge(...packs.map((pack) => ({ id: `${pack}-${rule}`, reason })));
}

/**
 * CDK grants write a role's permissions into an inline policy owned by that one role; the
 * IAMNoInlinePolicy rules target policies attached ad hoc to users and groups.
 */
export function acknowledgeGrantPolicy(role: IConstruct): void {
  const policy = role.node.tryFindChild('DefaultPolicy')?.node.tryFindChild('Resource');
  if (!policy) return;
  acknowledgeRule(
    policy,
    'IAMNoInlinePolicy',
    'Least-privilege CDK grants, owned by and deleted with this single role; not attached to users or groups.',
  );
}

/** Why no bucket of phone-robot replicates to another region. */
export const NO_REPLICATION_REASON =
  'Data residency: replicating personal data to another region is a cross-border transfer (PIPL art. 38); ' +
  'durability comes from multi-AZ S3 storage, versioning and, for recordings, Object Lock.';

/**
 * Acknowledges AwsSolutions-IAM5 wildcard findings on a role's grant policy (the policy a CDK
 * grant writes), e.g. `Action::kms:GenerateDataKey*`.
 *
 * @param role the role holding the DefaultPolicy
 * @param findings the bracketed finding ids, e.g. `Action::kms:ReEncrypt*`
 */
export function acknowledgeWildcards(role: IConstruct, findings: readonly string[], reason: string): void {
  const policy = role.node.tryFindChild('DefaultPolicy')?.node.tryFindChild('Resource');
  if (!policy)
    throw new Error(`no grant policy under ${role.node.path} to acknowledge ${findings.join(', ')} on`);
  for (const f of findings) acknowledgeRule(policy, `IAM5[${f}]`, reason, [NagPack.AWS_SOLUTIONS]);
}

/** Why key grants carry wildcard action families. */
export const KEY_GRANT_REASON =
  'kms:GenerateDataKey* and kms:ReEncrypt* are the action families of grantEncryptDecrypt on one named key ' +
  '(envelope encryption needs the data-key variants); the resource is that key only.';

/** One statement of a resolved IAM policy document. */
interface ResolvedStatement {
  readonly Effect?: string;
  readonly Action?: string | readonly string[];
  readonly Resource?: unknown;
}

/** The actions of every Allow statement whose resources include `*`, from a resolved policy. */
export function wildcardResourceActions(policy: iam.CfnPolicy): string[] {
  const document = Stack.of(policy).resolve(policy.policyDocument) as { Statement?: ResolvedStatement[] };
  const actions = new Set<string>();
  for (const statement of document.Statement ?? []) {
    if (statement.Effect !== 'Allow') continue;
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    if (!resources.includes('*')) continue;
    const list = typeof statement.Action === 'string' ? [statement.Action] : (statement.Action ?? []);
    for (const action of list) actions.add(action);
  }
  return [...actions].sort();
}

/**
 * Acknowledges `AwsSolutions-IAM5[Resource::*]` on a role's grant policy only after checking the
 * synthesized policy: when the synthesis is prepared (every grant made), the statements with a
 * `*` resource may hold only `allowedActions`. If any other action appears, nothing is
 * acknowledged and cdk-nag reports the finding, so the reason can never outlive its truth.
 *
 * @param role the role holding the DefaultPolicy
 * @param allowedActions actions that really have no resource-level permissions
 * @param why why those actions need `*`; the acknowledgment names the actions found
 */
export function acknowledgeWildcardResourceIfOnly(
  role: IConstruct,
  allowedActions: readonly string[],
  why: string,
): void {
  Aspects.of(role).add({
    visit(node: IConstruct) {
      if (!(node instanceof iam.CfnPolicy) || node.node.scope?.node.scope !== role) return;
      const found = wildcardResourceActions(node);
      if (found.length === 0 || found.some((a) => !allowedActions.includes(a))) return;
      acknowledgeRule(
        node,
        'IAM5[Resource::*]',
        `${why} Checked at synth: the only actions on * are ${found.join(', ')}.`,
        [NagPack.AWS_SOLUTIONS],
      );
    },
  });
}

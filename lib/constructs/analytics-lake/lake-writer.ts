import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledgeWildcards, KEY_GRANT_REASON } from '../compliance/acknowledge';

/**
 * Lets a function write lake objects under the given table prefixes, and nothing else of the lake:
 * PutObject on `<prefix>/*`, encrypt with the lake key, and the two acknowledgments that grant
 * needs (the key grant's action wildcards; the object wildcard under each prefix, with `reason`).
 *
 * @param fn the writing function
 * @param lake the lake bucket and its key
 * @param prefixes table folders, e.g. `['turns']`
 * @param reason why objects under those prefixes need a wildcard (how they are named)
 */
export function grantLakeWrite(
  fn: lambda.Function,
  lake: { readonly bucket: s3.IBucket; readonly key: kms.IKey },
  prefixes: readonly string[],
  reason: string,
): void {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['s3:PutObject'],
      resources: prefixes.map((p) => lake.bucket.arnForObjects(`${p}/*`)),
    }),
  );
  lake.key.grantEncrypt(fn);
  if (!fn.role) return;
  acknowledgeWildcards(fn.role, ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'], KEY_GRANT_REASON);
  const id = Stack.of(fn).getLogicalId(lake.bucket.node.defaultChild as s3.CfnBucket);
  acknowledgeWildcards(
    fn.role,
    prefixes.map((p) => `Resource::<${id}.Arn>/${p}/*`),
    reason,
  );
}

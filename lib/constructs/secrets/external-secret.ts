import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * A complete secret ARN ends in the hyphen and six random characters Secrets Manager appends to
 * the secret's name (`...:secret:phone-robot/stripe-AbC123`); a partial ARN stops at the name.
 * A name that itself ends in a hyphen and six characters reads as complete, which is why an
 * operator should pass the complete ARN (as `create-secret` and `describe-secret` print it).
 */
const COMPLETE_SECRET_ARN = /-[A-Za-z0-9]{6}$/;

/**
 * The IAM resource that matches exactly the secret of `arn`: the complete ARN itself, or for a
 * partial ARN the name followed by `-??????`, six characters exactly ("??????" rather than "*",
 * which would also match `<name>-<anything>-a1b2c3`, another secret; Secrets Manager user guide,
 * "Limiting access to specific secrets"). This is the resource CDK's `Secret.fromSecretPartialArn`
 * grants on.
 */
export function secretResourceArn(arn: string): string {
  return COMPLETE_SECRET_ARN.test(arn) ? arn : `${arn}-??????`;
}

/**
 * Lets `grantee` read the value of a secret the stack does not own (created out of band by an
 * operator): `secretsmanager:GetSecretValue` on that one secret, nothing else. CDK's `grantRead`
 * on an imported secret would add `DescribeSecret`, which no caller of this needs.
 *
 * A secret encrypted with the AWS managed key `aws/secretsmanager` needs nothing more. A secret
 * encrypted with a customer managed KMS key also needs `kms:Decrypt` on that key for the grantee
 * (in the key policy or the grantee's policy), which this grant does not give.
 */
export function grantSecretValue(grantee: iam.IGrantable, arn: string): iam.Grant {
  return iam.Grant.addToPrincipal({
    grantee,
    actions: ['secretsmanager:GetSecretValue'],
    resourceArns: [secretResourceArn(arn)],
  });
}

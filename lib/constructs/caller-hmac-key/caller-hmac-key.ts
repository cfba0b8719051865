import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeRule, NagPack } from '../compliance/acknowledge';

/** Props of {@link CallerHmacKey}. */
export interface CallerHmacKeyProps {
  /** Key that encrypts the secret. */
  readonly encryptionKey: kms.IKey;
}

/** Environment variable that carries the secret's ARN to a function. */
export const CALLER_HMAC_SECRET_ENV = 'CALLER_HMAC_SECRET_ARN';

/**
 * The secret key under which caller numbers are HMAC'd before anything stores them. Every
 * stored HMAC (ledger, orders, lake) depends on it, so it is stateful and retained: a new key
 * would cut every caller off from their earlier orders and consents.
 */
export class CallerHmacKey extends Construct {
  /** The secret (64 random alphanumeric characters). */
  readonly secret: secretsmanager.Secret;
  private readonly key: kms.IKey;

  constructor(scope: Construct, id: string, props: CallerHmacKeyProps) {
    super(scope, id);
    this.key = props.encryptionKey;
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: 'phone-robot: HMAC-SHA256 key for caller phone numbers',
      encryptionKey: props.encryptionKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeRule(
      this.secret.node.defaultChild as secretsmanager.CfnSecret,
      'SecretsManagerRotationEnabled',
      'Rotating the caller HMAC key would orphan every stored HMAC (orders, consent evidence, data-subject ' +
        'look-ups); it is rotated by a planned re-keying run, not on a schedule.',
    );
    acknowledgeRule(
      this.secret.node.defaultChild as secretsmanager.CfnSecret,
      'SMG4',
      'Rotating the caller HMAC key would orphan every stored HMAC (orders, consent evidence, data-subject ' +
        'look-ups); it is rotated by a planned re-keying run, not on a schedule.',
      [NagPack.AWS_SOLUTIONS],
    );
  }

  /** Gives `fn` the secret's ARN and read access. */
  bind(fn: lambda.Function): void {
    fn.addEnvironment(CALLER_HMAC_SECRET_ENV, this.secret.secretArn);
    // secret.grantRead() would also write the function's role into the data key's policy
    // (a ViaService grant), which makes the stateful stack depend on the function's stack.
    // The same permissions as identity-policy grants keep the dependency one-way.
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resourceArns: [this.secret.secretArn],
    });
    this.key.grantDecrypt(fn);
  }
}

import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledgeRule, NagPack } from '../compliance/acknowledge';

/** Props of {@link BoundSecret}. */
export interface BoundSecretProps {
  /** What the secret is, shown in the console. */
  readonly description: string;
  /** Key that encrypts the secret. */
  readonly encryptionKey: kms.IKey;
  /** Environment variable that carries the secret's ARN to a bound function. */
  readonly envVar: string;
  /** Why the secret is not rotated on a schedule (shown in the compliance report). */
  readonly noRotationReason: string;
}

/**
 * A retained Secrets Manager secret that functions receive through {@link bind}: the ARN in an
 * environment variable and read access, nothing else.
 */
export class BoundSecret extends Construct {
  /** The secret (64 random alphanumeric characters until an operator sets a value). */
  readonly secret: secretsmanager.Secret;
  private readonly key: kms.IKey;

  constructor(
    scope: Construct,
    id: string,
    private readonly props: BoundSecretProps,
  ) {
    super(scope, id);
    this.key = props.encryptionKey;
    this.secret = new secretsmanager.Secret(this, 'Secret', {
      description: props.description,
      encryptionKey: props.encryptionKey,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const resource = this.secret.node.defaultChild as secretsmanager.CfnSecret;
    acknowledgeRule(resource, 'SecretsManagerRotationEnabled', props.noRotationReason);
    acknowledgeRule(resource, 'SMG4', props.noRotationReason, [NagPack.AWS_SOLUTIONS]);
  }

  /** Gives `fn` the secret's ARN and read access. */
  bind(fn: lambda.Function): void {
    fn.addEnvironment(this.props.envVar, this.secret.secretArn);
    // secret.grantRead() would also write the function's role into the key's policy (a
    // ViaService grant), which makes the stateful stack depend on the function's stack. The
    // same permissions as identity-policy grants keep the dependency one-way.
    iam.Grant.addToPrincipal({
      grantee: fn,
      actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      resourceArns: [this.secret.secretArn],
    });
    this.key.grantDecrypt(fn);
  }
}

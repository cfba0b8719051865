import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Names of the pipeline functions' roles. The stateful stack's bucket policies (staging: who may
 * read; vault: who may write) name these roles, which live in the analytics stack; a reference the
 * other way would make the stateful stack depend on the analytics stack, so both sides derive the
 * same fixed name instead.
 */
export function pipelineRoleNames(stage: string): { readonly start: string; readonly redact: string } {
  return {
    start: `phone-robot-${stage}-transcription-start`,
    redact: `phone-robot-${stage}-recording-redact`,
  };
}

/** The ARN of a role of this account by name. */
export function roleArnOf(scope: IConstruct, roleName: string): string {
  const { partition, account } = Stack.of(scope);
  return `arn:${partition}:iam::${account}:role/${roleName}`;
}

import { defineEnv } from './define';

/**
 * Environment of the deploy-hooks function (`lambdas/deploy-hooks`): none. CloudFormation passes
 * everything a custom resource needs (table name, instance, number) as resource properties.
 */
export const DEPLOY_HOOKS_ENV = defineEnv('deploy-hooks', {});

import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * The credential provider the function bundles use in place of the SDK's Node.js default chain
 * (`@aws-sdk/credential-provider-node`, swapped in by an esbuild alias in the function
 * construct). Lambda gives a function its role's credentials in AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, which is the first place the default chain looks;
 * its other sources (SSO, ini files, processes, web identity, instance metadata) never apply
 * in Lambda and cost a cold start about 130 KB of code to load. Only bundles use this module:
 * tests and the offline runtime run the SDK's own chain.
 *
 * @param init the options the SDK passes its default provider (logger, profile, ...); the
 *   environment provider reads only what it needs
 */
export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);

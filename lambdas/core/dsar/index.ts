/** Data-subject requests: the service, its policy and its ports (adapters live in lambdas/aws and local/). */
export * from './policy';
export * from './service';
export * from './types';

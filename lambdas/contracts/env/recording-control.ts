import { defineEnv, nonEmpty, optional, variable } from './define';
import { CONNECT_INSTANCE_ENV } from './names';

/** Environment of the recording-control function (`lambdas/recording-control`). */
export const RECORDING_CONTROL_ENV = defineEnv('recording-control', {
  /** Instance id to use when an event carries no instance ARN (Connect sends one with every contact). */
  instanceId: variable(CONNECT_INSTANCE_ENV, optional(nonEmpty())),
});

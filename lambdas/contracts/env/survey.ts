import { defineEnv, nonEmpty, variable } from './define';
import { CONNECT_INSTANCE_ENV, TASK_FLOW_ENV } from './names';

/** Environment of the post-call survey function (`lambdas/survey`). */
export const SURVEY_ENV = defineEnv('survey', {
  /** The Connect instance a low score's case opens in. */
  instanceId: variable(CONNECT_INSTANCE_ENV, nonEmpty()),
  /** The flow that routes back-office tasks to the back-office queue. */
  taskFlowId: variable(TASK_FLOW_ENV, nonEmpty()),
});

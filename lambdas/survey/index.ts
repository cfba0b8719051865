import { ConnectClient } from '@aws-sdk/client-connect';
import { boundedClientConfig } from '../aws/clients';
import { ConnectTasks } from '../aws/connect-tasks';
import { SURVEY_ENV } from '../contracts/env/survey';
import { IO_BUDGETS } from '../contracts/io-budgets';
import { createHandler } from './handler';

// Cold start: build the Connect client (no network I/O until the first call).
const env = SURVEY_ENV.parse(process.env);

/** The Lambda entry point of the survey function. */
export const handler = createHandler({
  tasks: new ConnectTasks(
    new ConnectClient(boundedClientConfig(IO_BUDGETS.survey)),
    env.instanceId,
    env.taskFlowId,
  ),
});

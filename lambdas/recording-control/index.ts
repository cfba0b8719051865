import { ConnectRecordingControl } from '../aws/connect-recording-control';
import { RECORDING_CONTROL_ENV } from '../contracts/env/recording-control';
import { IO_BUDGETS } from '../contracts/io-budgets';
import { createHandler } from './handler';

// Cold start: build the Connect adapter (no network I/O until the first call). The instance ID
// fallback is optional: Connect sends the instance ARN with every contact event.
const { instanceId } = RECORDING_CONTROL_ENV.parse(process.env);

/** The Lambda entry point of the recording-control function. */
export const handler = createHandler({
  recording: new ConnectRecordingControl({ budget: IO_BUDGETS['recording-control'] }),
  ...(instanceId ? { instanceId } : {}),
});

import { FLOW_LANGUAGE_VERSION, type FlowDocument } from '../../flows/model';

/**
 * The flow back-office tasks start in (StartTaskContact's ContactFlowId): set the back-office
 * queue, transfer the task to it; a task that cannot be queued is ended (the refund stays
 * REFUND_DUE, and the overdue-refund alarm finds it). No participant hears anything: a task has
 * no caller. Checked by `checkFlow` in test/infra/order-fulfilment.test.ts.
 */
export function taskFlow(queueArn: string): FlowDocument {
  return {
    Version: FLOW_LANGUAGE_VERSION,
    StartAction: 'task-queue',
    Actions: [
      {
        Identifier: 'task-queue',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: queueArn },
        Transitions: {
          NextAction: 'task-transfer',
          Errors: [{ NextAction: 'task-end', ErrorType: 'NoMatchingError' }],
        },
      },
      {
        Identifier: 'task-transfer',
        Type: 'TransferContactToQueue',
        Parameters: {},
        Transitions: {
          NextAction: 'task-end',
          Errors: [
            { NextAction: 'task-end', ErrorType: 'QueueAtCapacity' },
            { NextAction: 'task-end', ErrorType: 'NoMatchingError' },
          ],
        },
      },
      { Identifier: 'task-end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  };
}

/** The task flow as CreateContactFlow `Content`. */
export function taskFlowContent(queueArn: string): string {
  return JSON.stringify(taskFlow(queueArn));
}

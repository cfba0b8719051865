import { type ConnectClient, StartTaskContactCommand } from '@aws-sdk/client-connect';
import type { BackOfficeTask, TaskOpener } from '../core/cases/task';

/**
 * Back-office cases as Amazon Connect tasks (StartTaskContact): the task flow routes them to the
 * back-office queue, where an agent sees the name, the description and the attributes. The case's
 * token is the ClientToken, so the same case opened twice (a retried event) is one task.
 */
export class ConnectTasks implements TaskOpener {
  constructor(
    private readonly client: ConnectClient,
    private readonly instanceId: string,
    private readonly contactFlowId: string,
  ) {}

  async open(task: BackOfficeTask): Promise<void> {
    await this.client.send(
      new StartTaskContactCommand({
        InstanceId: this.instanceId,
        ContactFlowId: this.contactFlowId,
        Name: task.name.slice(0, 512),
        Description: task.description.slice(0, 4096),
        Attributes: { ...task.attributes },
        // ClientToken is at most 500 characters; ours are short and stable per case.
        ClientToken: task.token,
      }),
    );
  }
}

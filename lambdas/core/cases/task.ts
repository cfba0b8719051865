/**
 * Cases for the back office: an Amazon Connect task in AWS (lambdas/aws/connect-tasks.ts), a JSON
 * line in the local runtime. Refunds staff must finish, payments nobody could confirm, after-sales
 * requests and low survey scores all become one.
 */

/** A case for the back office (an Amazon Connect task in AWS). */
export interface BackOfficeTask {
  /** Idempotency token: the same case opened twice is one task. */
  readonly token: string;
  /** Short title the agent sees; never personal data. */
  readonly name: string;
  readonly description: string;
  /** Contact attributes the agent sees beside it. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** Opens back-office tasks. */
export interface TaskOpener {
  open(task: BackOfficeTask): Promise<void>;
}

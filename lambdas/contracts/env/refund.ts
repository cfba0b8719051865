import { TABLE_ENV } from '../tables';
import { defineEnv, nonEmpty, variable, wholeNumber } from './define';
import { CONNECT_INSTANCE_ENV, TASK_FLOW_ENV } from './names';
import { GATEWAY_VARIABLES } from './payment';

/** Environment of the function that refunds cancelled paid orders (`lambdas/refund`). */
export const REFUND_ENV = defineEnv('refund', {
  ordersTable: variable(TABLE_ENV.orders, nonEmpty()),
  catalogTable: variable(TABLE_ENV.catalog, nonEmpty()),
  idempotencyTable: variable(TABLE_ENV.idempotency, nonEmpty()),
  /** The Connect instance back-office tasks open in. */
  instanceId: variable(CONNECT_INSTANCE_ENV, nonEmpty()),
  /** The flow that routes back-office tasks to the back-office queue. */
  taskFlowId: variable(TASK_FLOW_ENV, nonEmpty()),
  /** Hours after which a REFUND_DUE order counts as overdue (config `refundAlarmHours`). */
  overdueAfterHours: variable('REFUND_OVERDUE_HOURS', wholeNumber(1, 720)),
  ...GATEWAY_VARIABLES,
});

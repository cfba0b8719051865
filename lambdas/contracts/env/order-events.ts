import { defineEnv, nonEmpty, variable } from './define';
import { ORDER_EVENT_BUS_ENV } from './names';

/** Environment of the function that turns order-table changes into domain events (`lambdas/order-events`). */
export const ORDER_EVENTS_ENV = defineEnv('order-events', {
  busName: variable(ORDER_EVENT_BUS_ENV, nonEmpty()),
});

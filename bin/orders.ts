/**
 * `npm run orders -- list|show|ship|deliver|refund`: the back office's command over the orders
 * table, local (the database `npm start` keeps) or deployed (`--aws`). Every change is one
 * conditional write with an audit record (who, when, reference); a change the order's status does
 * not allow is refused with the statuses that would allow it.
 */
import { resolve } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TABLE_ENV } from '../lambdas/contracts/tables';
import { speakAddress } from '../lambdas/core/orders/delivery';
import type { Order, OrderStatus } from '../lambdas/core/orders/store';
import type { DynamoLocal } from '../local/dynamo-local';
import {
  CliError,
  type CommandSpec,
  choiceOption,
  localDatabaseOptions,
  numberOption,
  runCommand,
  UsageError,
  unknownChoice,
} from './cli';

const ACTIONS = ['list', 'show', 'ship', 'deliver', 'refund'] as const;
type Action = (typeof ACTIONS)[number];

/** Statuses someone has to act on: to ship, to deliver, to refund. */
const OPEN_STATUSES: readonly OrderStatus[] = ['PAID', 'PENDING_PAYMENT', 'SHIPPED', 'REFUND_DUE'];

export const ORDERS_COMMAND = {
  command: 'npm run orders --',
  usage: [
    'list [--status <status>] [--limit <n>] [options]',
    'show <order number> [options]',
    'ship <order number> [--reference <tracking number>] [options]',
    'deliver <order number> [options]',
    'refund <order number> --reference <refund id> [options]',
  ],
  summary: `The back office's orders, from the local database (default: the one npm start keeps in --data)
or the deployed table (--aws).
  list     orders someone has to act on (PAID to ship, PENDING_PAYMENT to arrange, SHIPPED to
           deliver, REFUND_DUE to refund), oldest change first; --status for one status
  show     one order with its audited history
  ship     PAID (or PENDING_PAYMENT, once a colleague arranged payment) -> SHIPPED
  deliver  SHIPPED -> DELIVERED
  refund   REFUND_DUE -> REFUNDED, recording a refund made by hand in the payment provider
           (the refund function refunds through the gateway by itself where it can)
With --aws: ${TABLE_ENV.orders}, ${TABLE_ENV.catalog} and ${TABLE_ENV.idempotency} come from the environment.`,
  positionals: { 'list|show|ship|deliver|refund': 'the action', '<order number>': 'six digits' },
  options: {
    status: { type: 'string', value: '<status>', description: 'list: only this status' },
    limit: {
      type: 'string',
      value: '<n>',
      default: '50',
      description: 'list: at most this many per status (default 50)',
    },
    reference: {
      type: 'string',
      value: '<ref>',
      description: "ship: the carrier's tracking number; refund: the provider's refund id (required)",
    },
    operator: {
      type: 'string',
      value: '<name>',
      default: process.env.USER ?? 'unknown',
      description: 'who acts, for the audit record (default $USER)',
    },
    json: { type: 'boolean', description: 'print JSON instead of text' },
    ...localDatabaseOptions('the database'),
    aws: { type: 'boolean', description: 'use the deployed tables (see above)' },
  },
  examples: [
    'npm run orders -- list',
    'npm run orders -- ship 482913 --reference 1Z999AA10123456784',
    'npm run orders -- refund 482913 --reference re_3Q0example --aws',
  ],
} as const satisfies CommandSpec;

/**
 * The fields staff see, named one by one: never the caller's HMAC, a contact id, card brand or
 * last four, or the payment lock.
 */
const STAFF_FIELDS = [
  'orderId',
  'status',
  'sku',
  'quantity',
  'currency',
  'unitPriceMinor',
  'totalMinor',
  'locale',
  'createdAt',
  'updatedAt',
  'refundDue',
  'paymentReference',
  // Whom to deliver to, where, and whether the delivery team may phone: what shipping needs.
  'delivery',
  'transitions',
] as const;

function staffView(order: Order): Record<string, unknown> {
  const item = order as unknown as Record<string, unknown>;
  return Object.fromEntries(STAFF_FIELDS.filter((k) => item[k] !== undefined).map((k) => [k, item[k]]));
}

/** Whom and where to deliver to, and how the delivery team may phone, as `show` prints them. */
function deliveryLines(order: Order): string[] {
  const d = order.delivery;
  if (!d) return ['  delivery: none recorded (ask the caller before shipping)'];
  const phone =
    d.updates.channel === 'NONE'
      ? 'no phone calls'
      : d.updates.number
        ? `phone ${d.updates.number}`
        : `phone: the number of contact ${order.contactId ?? '(unknown)'} (Connect could not be read)`;
  return [`  deliver to: ${d.name}, ${speakAddress(d.address)}`, `  updates: ${phone}`];
}

function line(order: Order): string {
  const total = `${(order.totalMinor / 100).toFixed(2)} ${order.currency}`;
  return `${order.orderId}  ${order.status.padEnd(15)}  ${order.updatedAt}  ${order.quantity} x ${order.sku}  ${total}`;
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new CliError(`--aws needs the environment variable ${name}`);
  return value;
}

await runCommand(ORDERS_COMMAND, async ({ values, positionals }) => {
  const [first, orderId, ...extra] = positionals;
  if (!first) throw new UsageError(`name the action: ${ACTIONS.join(', ')}`);
  const action = ACTIONS.find((a) => a === first);
  if (!action) throw new UsageError(unknownChoice('action', first, ACTIONS));
  if (extra.length > 0) throw new UsageError(`one order at a time, got ${positionals.join(' ')}`);
  if (action === 'list' && orderId)
    throw new UsageError('list takes no order number; use show <order number>');
  if (action !== 'list') {
    if (!orderId) throw new UsageError(`${action} needs an order number, e.g. ${action} 482913`);
    if (!/^\d{6}$/.test(orderId)) throw new UsageError(`order numbers have six digits, got "${orderId}"`);
  }
  if (action === 'refund' && !values.reference) {
    throw new UsageError(
      "refund needs --reference <the provider's refund id> (refund in the provider first)",
    );
  }
  const { ORDER_STATUSES } = await import('../lambdas/core/orders/store');
  const status =
    values.status === undefined ? undefined : choiceOption(values.status, '--status', ORDER_STATUSES);
  const limit = numberOption(values.limit, '--limit', { min: 1, max: 1000, integer: true }) ?? 50;
  return run(action, orderId ?? '', { ...values, status, limit });
});

async function run(
  action: Action,
  orderId: string,
  values: {
    readonly status: OrderStatus | undefined;
    readonly limit: number;
    readonly reference: string | undefined;
    readonly operator: string;
    readonly json: boolean;
    readonly data: string;
    readonly aws: boolean;
    readonly 'dynamo-endpoint': string | undefined;
    readonly 'table-prefix': string | undefined;
  },
): Promise<number> {
  // The SDK and DynamoDB Local load only once the arguments are known to be good.
  const [
    { DynamoDBClient: Client },
    { DynamoDBDocumentClient },
    { DynamoOrderStore },
    lifecycle,
    errors,
    local,
    cli,
  ] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/lib-dynamodb'),
    import('../lambdas/aws/dynamo-order-store'),
    import('../lambdas/core/orders/lifecycle'),
    import('../lambdas/core/orders/errors'),
    import('../local/dynamo-local'),
    import('../local/cli'),
  ]);
  let client: DynamoDBClient;
  let tables: { orders: string; catalog: string; idempotency: string };
  let dynamo: DynamoLocal | undefined;
  if (values.aws) {
    tables = {
      orders: requireEnv(TABLE_ENV.orders),
      catalog: requireEnv(TABLE_ENV.catalog),
      idempotency: requireEnv(TABLE_ENV.idempotency),
    };
    client = new Client({});
  } else {
    let endpoint = values['dynamo-endpoint'];
    try {
      if (!endpoint) {
        dynamo = await local.startDynamoLocal({ dbPath: cli.localDatabasePath(resolve(values.data)) });
        endpoint = dynamo.endpoint;
      }
      client = local.localDynamoClient(endpoint);
      tables = await local.findLocalTables(client, values['table-prefix']);
    } catch (error) {
      await dynamo?.stop();
      if (error instanceof local.DynamoLocalError) throw new CliError(error.message);
      throw error;
    }
  }
  const print = (text: string, json: unknown) =>
    console.log(values.json ? JSON.stringify(json, null, 2) : text);
  try {
    const store = new DynamoOrderStore(DynamoDBDocumentClient.from(client), tables);
    if (action === 'list') {
      const statuses = values.status ? [values.status] : OPEN_STATUSES;
      const orders = (await Promise.all(statuses.map((s) => store.ordersInStatus(s, values.limit)))).flat();
      if (orders.length === 0) {
        console.error(`warning: no orders in ${statuses.join(', ')}`);
        if (values.json) print('', []);
        return 0;
      }
      print(orders.map(line).join('\n'), orders.map(staffView));
      return 0;
    }
    if (action === 'show') {
      const order = await store.getOrder(orderId);
      if (!order) throw new CliError(`no order ${orderId}; fix: check the number (npm run orders -- list)`);
      const history = (order.transitions ?? []).map(
        (t) =>
          `  ${t.at}  ${t.from ?? '-'} -> ${t.to}  by ${t.by}${t.reference ? `  ref ${t.reference}` : ''}`,
      );
      print([line(order), ...deliveryLines(order), ...history].join('\n'), staffView(order));
      return 0;
    }
    try {
      const order = await lifecycle.applyStaffAction(store, action, {
        orderId,
        by: values.operator,
        at: new Date().toISOString(),
        ...(values.reference ? { reference: values.reference } : {}),
      });
      print(line(order), staffView(order));
      return 0;
    } catch (error) {
      if (error instanceof lifecycle.TransitionRefusedError) throw new CliError(error.message);
      if (error instanceof errors.OrderNotFoundError) {
        throw new CliError(`no order ${orderId}; fix: check the number (npm run orders -- list)`);
      }
      throw error;
    }
  } finally {
    client.destroy();
    await dynamo?.stop();
  }
}

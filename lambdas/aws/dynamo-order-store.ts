import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { CATALOG, type Catalog, type Currency, catalogItem, PRICE_ATTRIBUTE } from '../contracts/catalog';
import {
  CATALOG_BY_CATEGORY_PRICE_INDEX,
  ORDERS_BY_CALLER_INDEX,
  ORDERS_BY_STATUS_INDEX,
} from '../contracts/tables';
import {
  OrderDomainError,
  OrderNotFoundError,
  OrderStateError,
  OutOfStockError,
  PriceChangedError,
  StoreUnavailableError,
  UnknownProductError,
} from '../core/orders/errors';
import {
  CANCELLABLE_STATUSES,
  type Order,
  type OrderStatus,
  type OrderStore,
  type OrderTransitionRecord,
  type PlaceOrderRequest,
  type PlaceOrderResult,
  type ProductQuery,
  type StockedProduct,
  type TransitionRequest,
} from '../core/orders/store';

/** Physical table names the store uses. */
export interface OrderTables {
  readonly catalog: string;
  readonly orders: string;
  readonly idempotency: string;
}

/** Tuning of the adapter; defaults suit Lambda. */
export interface DynamoOrderStoreOptions {
  /** Attempts when transactions conflict (concurrent writers on the same items). @default 8 */
  readonly conflictAttempts?: number;
  /** Attempts to draw a free order number. @default 5 */
  readonly numberAttempts?: number;
  /** Waits between conflict retries; replaceable so tests need not sleep. @default jittered 5-40 ms */
  readonly backoff?: (attempt: number) => Promise<void>;
}

/** DynamoDB error names that mean "slow down / try later", not "bug". */
const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

/** Maps any SDK or network failure to a typed, caller-safe error; domain errors pass through. */
function toStoreError(error: unknown): Error {
  if (error instanceof OrderDomainError) return error;
  const name = error instanceof Error ? error.name : '';
  return new StoreUnavailableError(THROTTLING.has(name) ? 'throttled' : 'unavailable', { cause: error });
}

interface CancellationReason {
  Code?: string;
  /** The item as it was when its condition failed (raw attribute values: lib-dynamodb leaves errors marshalled). */
  Item?: Record<string, unknown>;
}

/** Reads a number attribute whether the SDK left it marshalled (`{ N: "3" }`) or not. */
/** An order item without its delivery details. */
function withoutDelivery(item: Order): Omit<Order, 'delivery'> {
  const { delivery: _delivery, ...rest } = item;
  return rest;
}

function numberAttribute(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'N' in value) return Number((value as { N: unknown }).N);
  return undefined;
}

function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons;
  return Array.isArray(reasons) ? reasons : [];
}

const defaultBackoff = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, 5 + Math.random() * 10 * attempt));

function asProduct(item: Record<string, unknown> | undefined): StockedProduct | undefined {
  if (!item || typeof item.sku !== 'string') return undefined;
  const prices = item.prices as Record<Currency, number> | undefined;
  if (!prices || typeof item.stock !== 'number') return undefined;
  return { sku: item.sku, category: String(item.category ?? ''), prices, stock: item.stock };
}

/**
 * The DynamoDB adapter of {@link OrderStore}. Every write that must be all-or-nothing is one
 * TransactWriteItems call, so a throttled or failed call leaves nothing half-written.
 */
export class DynamoOrderStore implements OrderStore {
  private readonly conflictAttempts: number;
  private readonly numberAttempts: number;
  private readonly backoff: (attempt: number) => Promise<void>;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: OrderTables,
    options: DynamoOrderStoreOptions = {},
  ) {
    this.conflictAttempts = options.conflictAttempts ?? 8;
    this.numberAttempts = options.numberAttempts ?? 5;
    this.backoff = options.backoff ?? defaultBackoff;
  }

  async getProduct(sku: string): Promise<StockedProduct | undefined> {
    try {
      const out = await this.db.send(new GetCommand({ TableName: this.tables.catalog, Key: { sku } }));
      return asProduct(out.Item);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async topProducts(query: ProductQuery): Promise<StockedProduct[]> {
    const price = PRICE_ATTRIBUTE[query.currency];
    try {
      const pages = await Promise.all(
        query.categories.map((category) =>
          this.db.send(
            new QueryCommand({
              TableName: this.tables.catalog,
              IndexName: CATALOG_BY_CATEGORY_PRICE_INDEX[query.currency],
              KeyConditionExpression:
                query.budgetMinor === undefined ? '#c = :c' : '#c = :c AND #p <= :budget',
              ExpressionAttributeNames: {
                '#c': 'category',
                ...(query.budgetMinor === undefined ? {} : { '#p': price }),
              },
              ExpressionAttributeValues: {
                ':c': category,
                ...(query.budgetMinor === undefined ? {} : { ':budget': query.budgetMinor }),
              },
              // Dearest first, and never more than asked for: the read is bounded by the query.
              ScanIndexForward: false,
              Limit: query.perCategory,
            }),
          ),
        ),
      );
      return pages
        .flatMap((p) => p.Items ?? [])
        .map((i) => asProduct(i))
        .filter((p): p is StockedProduct => p !== undefined);
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async getOrder(orderId: string): Promise<Order | undefined> {
    try {
      const out = await this.db.send(
        new GetCommand({ TableName: this.tables.orders, Key: { orderId }, ConsistentRead: true }),
      );
      return out.Item as Order | undefined;
    } catch (error) {
      throw toStoreError(error);
    }
  }

  async placeOrder(request: PlaceOrderRequest, newOrderNumber: () => string): Promise<PlaceOrderResult> {
    let order = request.order;
    let numbersTried = 1;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.db.send(this.placeOrderTransaction(request, order));
        return { order, replayed: false };
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons) throw toStoreError(error);
        const [idem, put, stock] = [reasons[0]?.Code, reasons[1]?.Code, reasons[2]?.Code];
        if (idem === 'ConditionalCheckFailed') return this.replay(request.idempotencyKey);
        if (stock === 'ConditionalCheckFailed') throw this.stockFailure(reasons[2], order);
        if (put === 'ConditionalCheckFailed') {
          if (numbersTried >= this.numberAttempts) throw new StoreUnavailableError('conflict');
          numbersTried++;
          order = { ...order, orderId: newOrderNumber() };
          continue;
        }
        const conflicted = reasons.some((r) => r.Code === 'TransactionConflict');
        if (!conflicted || attempt >= this.conflictAttempts) {
          throw new StoreUnavailableError(conflicted ? 'conflict' : 'unavailable', { cause: error });
        }
        await this.backoff(attempt);
      }
    }
  }

  async cancelOrder(orderId: string, callerHmac: string, at: string): Promise<Order> {
    for (let attempt = 1; ; attempt++) {
      const order = await this.getOrder(orderId);
      if (!order || order.callerHmac !== callerHmac) throw new OrderNotFoundError();
      if (order.status === 'CANCELLED' || order.status === 'REFUND_DUE' || order.status === 'REFUNDED') {
        return order;
      }
      if (!CANCELLABLE_STATUSES.includes(order.status)) throw new OrderStateError(order.status);
      // A payment attempt holding a live lock may be charging right now: cancelling under it would
      // leave a charged, cancelled order with no refund due. The caller is asked to try again.
      const nowEpoch = Math.floor(Date.parse(at) / 1000);
      // A paid order's money goes back: REFUND_DUE until the refund function (or staff) refunds it.
      const to: OrderStatus = order.status === 'PAID' ? 'REFUND_DUE' : 'CANCELLED';
      const record: OrderTransitionRecord = { from: order.status, to, at, by: 'caller' };
      const lock = order as Order & { paymentLock?: string; paymentLockExpiresAt?: number };
      if (lock.paymentLock && !((lock.paymentLockExpiresAt ?? 0) < nowEpoch)) {
        throw new StoreUnavailableError('conflict');
      }
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tables.orders,
                  Key: { orderId },
                  // The status condition makes a concurrent double cancel restore stock once only;
                  // the lock condition keeps a cancel from racing a payment claimed after our read.
                  UpdateExpression:
                    'SET #s = :cancelled, updatedAt = :at, cancelledAt = :at, refundDue = :refund,' +
                    ' transitions = list_append(if_not_exists(transitions, :none), :record)',
                  ConditionExpression:
                    'callerHmac = :caller AND #s = :seen' +
                    ' AND (attribute_not_exists(paymentLock) OR paymentLockExpiresAt < :now)',
                  ExpressionAttributeNames: { '#s': 'status' },
                  ExpressionAttributeValues: {
                    ':cancelled': to,
                    ':at': at,
                    ':caller': callerHmac,
                    ':seen': order.status,
                    ':refund': order.status === 'PAID',
                    ':now': nowEpoch,
                    ':none': [],
                    ':record': [record],
                  },
                },
              },
              {
                Update: {
                  TableName: this.tables.catalog,
                  Key: { sku: order.sku },
                  UpdateExpression: 'ADD stock :q',
                  ConditionExpression: 'attribute_exists(sku)',
                  ExpressionAttributeValues: { ':q': order.quantity },
                },
              },
            ],
          }),
        );
        return {
          ...order,
          status: to,
          updatedAt: at,
          refundDue: order.status === 'PAID',
          transitions: [...(order.transitions ?? []), record],
        };
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons) throw toStoreError(error);
        // The status moved under us (paid, shipped or cancelled meanwhile): look again.
        if (attempt >= this.conflictAttempts) throw new StoreUnavailableError('conflict', { cause: error });
        if (reasons.some((r) => r.Code === 'TransactionConflict')) await this.backoff(attempt);
      }
    }
  }

  async transition(request: TransitionRequest): Promise<Order> {
    const order = await this.getOrder(request.orderId);
    if (!order) throw new OrderNotFoundError();
    if (!request.from.includes(order.status)) throw new OrderStateError(order.status);
    const audited: OrderTransitionRecord = {
      from: order.status,
      to: request.to,
      at: request.at,
      by: request.by,
      ...(request.reference ? { reference: request.reference } : {}),
    };
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tables.orders,
          Key: { orderId: request.orderId },
          // The condition on the status read above: of two staff members acting at once, one wins;
          // and never under a live payment lock (a card being charged right now).
          UpdateExpression:
            'SET #s = :to, updatedAt = :at, transitions = list_append(if_not_exists(transitions, :none), :record)',
          ConditionExpression:
            '#s = :seen AND (attribute_not_exists(paymentLock) OR paymentLockExpiresAt < :now)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':to': request.to,
            ':at': request.at,
            ':seen': order.status,
            ':now': Math.floor(Date.parse(request.at) / 1000),
            ':none': [],
            ':record': [audited],
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes as Order;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
        const now = await this.getOrder(request.orderId);
        throw new OrderStateError(now?.status ?? order.status);
      }
      throw toStoreError(error);
    }
  }

  async ordersInStatus(status: OrderStatus, limit: number, changedBefore?: string): Promise<Order[]> {
    return this.queryOrders({
      IndexName: ORDERS_BY_STATUS_INDEX,
      KeyConditionExpression: changedBefore === undefined ? '#s = :s' : '#s = :s AND updatedAt < :before',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':s': status,
        ...(changedBefore === undefined ? {} : { ':before': changedBefore }),
      },
      ScanIndexForward: true,
      limit,
    });
  }

  async ordersOfCaller(callerHmac: string, limit: number): Promise<Order[]> {
    return this.queryOrders({
      IndexName: ORDERS_BY_CALLER_INDEX,
      KeyConditionExpression: 'callerHmac = :c',
      ExpressionAttributeValues: { ':c': callerHmac },
      ScanIndexForward: false,
      limit,
    });
  }

  /** Pages through an index query until `limit` orders (index reads are eventually consistent). */
  private async queryOrders(query: {
    IndexName: string;
    KeyConditionExpression: string;
    ExpressionAttributeNames?: Record<string, string>;
    ExpressionAttributeValues: Record<string, unknown>;
    ScanIndexForward: boolean;
    limit: number;
  }): Promise<Order[]> {
    const { limit, ...rest } = query;
    const out: Order[] = [];
    let start: Record<string, unknown> | undefined;
    try {
      do {
        const page = await this.db.send(
          new QueryCommand({
            TableName: this.tables.orders,
            ...rest,
            Limit: limit - out.length,
            ExclusiveStartKey: start,
          }),
        );
        out.push(...((page.Items ?? []) as Order[]));
        start = page.LastEvaluatedKey;
      } while (start && out.length < limit);
    } catch (error) {
      throw toStoreError(error);
    }
    return out;
  }

  private placeOrderTransaction(request: PlaceOrderRequest, order: Order): TransactWriteCommand {
    const { callerHmac, ...rest } = order;
    // No caller HMAC → no attribute at all: the byCaller index stays sparse instead of collecting
    // every anonymous order under one hot "unknown" partition.
    const orderItem = callerHmac ? order : rest;
    return new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: this.tables.idempotency,
            Item: {
              key: request.idempotencyKey,
              kind: 'PlaceOrder',
              // The replayed answer needs the number and amounts, never the delivery details: the
              // orders table is the one place they live (and what a DSAR erasure clears).
              result: withoutDelivery(orderItem),
              createdAt: order.createdAt,
              expiresAt: request.idempotencyExpiresAt,
            },
            ConditionExpression: 'attribute_not_exists(#k)',
            ExpressionAttributeNames: { '#k': 'key' },
          },
        },
        {
          Put: {
            TableName: this.tables.orders,
            Item: orderItem,
            ConditionExpression: 'attribute_not_exists(orderId)',
          },
        },
        {
          Update: {
            TableName: this.tables.catalog,
            Key: { sku: order.sku },
            UpdateExpression: 'SET stock = stock - :q',
            // The quoted price is part of the condition: the caller pays exactly what was read back.
            ConditionExpression: 'attribute_exists(sku) AND stock >= :q AND prices.#cur = :unit',
            ExpressionAttributeNames: { '#cur': order.currency },
            ExpressionAttributeValues: { ':q': order.quantity, ':unit': order.unitPriceMinor },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
      ],
    });
  }

  private async replay(key: string): Promise<PlaceOrderResult> {
    try {
      const out = await this.db.send(
        new GetCommand({ TableName: this.tables.idempotency, Key: { key }, ConsistentRead: true }),
      );
      const result = out.Item?.result as Order | undefined;
      if (!result) throw new StoreUnavailableError('unavailable');
      return { order: result, replayed: true };
    } catch (error) {
      throw toStoreError(error);
    }
  }

  private stockFailure(reason: CancellationReason | undefined, order: Order): Error {
    const item = reason?.Item;
    if (!item) return new OutOfStockError(undefined);
    if (!item.sku) return new UnknownProductError();
    const stock = numberAttribute(item.stock);
    if (stock !== undefined && Number.isFinite(stock) && stock < order.quantity)
      return new OutOfStockError(stock);
    return new PriceChangedError();
  }
}

/**
 * Writes every catalog product into the catalog table (overwriting names, prices and stock).
 * For the offline runtime and tests; the deploy-time sync (`lambdas/deploy-hooks`) keeps live
 * stock instead.
 *
 * @returns the number of products written
 */
export async function seedCatalog(
  db: DynamoDBDocumentClient,
  tableName: string,
  catalog: Catalog = CATALOG,
): Promise<number> {
  for (const product of catalog.products) {
    await db.send(new PutCommand({ TableName: tableName, Item: catalogItem(product) }));
  }
  return catalog.products.length;
}

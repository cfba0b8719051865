import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { PAYABLE_STATUSES } from '../core/orders/store';
import {
  type ClaimOutcome,
  type CompleteOutcome,
  type LockTakeover,
  type PayableOrder,
  type PaymentAttempt,
  type PaymentStore,
  PaymentStoreError,
  type RecordedResult,
} from '../core/payment/store';

/** Physical table names the payment store uses. */
export interface PaymentTables {
  readonly orders: string;
  readonly idempotency: string;
}

/** Tuning of the adapter; defaults suit Lambda. */
export interface DynamoPaymentStoreOptions {
  /** Attempts when a transaction conflicts with a concurrent one. @default 6 */
  readonly conflictAttempts?: number;
  /** Waits between conflict retries. @default jittered 5-60 ms */
  readonly backoff?: (attempt: number) => Promise<void>;
}

interface CancellationReason {
  Code?: string;
}

function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons;
  return Array.isArray(reasons) ? reasons.map((r) => r.Code) : [];
}

const defaultBackoff = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, 5 + Math.random() * 10 * attempt));

const [PENDING_PAYMENT, PAYMENT_FAILED] = PAYABLE_STATUSES;

/** The DynamoDB adapter of {@link PaymentStore}. */
export class DynamoPaymentStore implements PaymentStore {
  private readonly conflictAttempts: number;
  private readonly backoff: (attempt: number) => Promise<void>;

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: PaymentTables,
    options: DynamoPaymentStoreOptions = {},
  ) {
    this.conflictAttempts = options.conflictAttempts ?? 6;
    this.backoff = options.backoff ?? defaultBackoff;
  }

  async getOrder(orderId: string): Promise<PayableOrder | undefined> {
    try {
      const out = await this.db.send(
        new GetCommand({ TableName: this.tables.orders, Key: { orderId }, ConsistentRead: true }),
      );
      return out.Item as PayableOrder | undefined;
    } catch (error) {
      throw new PaymentStoreError('unavailable', { cause: error });
    }
  }

  async getAttempt(key: string): Promise<PaymentAttempt | undefined> {
    try {
      const out = await this.db.send(
        new GetCommand({ TableName: this.tables.idempotency, Key: { key }, ConsistentRead: true }),
      );
      const item = out.Item;
      return item?.kind === 'Payment' ? (item as PaymentAttempt) : undefined;
    } catch (error) {
      throw new PaymentStoreError('unavailable', { cause: error });
    }
  }

  async claim(
    attempt: PaymentAttempt,
    callerHmac: string,
    lockExpiresAt: number,
    nowEpoch: number,
    takeover?: LockTakeover,
  ): Promise<ClaimOutcome> {
    const seq = attempt.paymentSeq ?? 0;
    // The sequence is part of the condition: the gateway key the attempt charges under is the one
    // the order still expects, so a settled attempt's key is never reused for a new card entry.
    const seqCondition = seq === 0 ? 'attribute_not_exists(paymentSeq)' : 'paymentSeq = :seq';
    // A lock is never taken over on expiry alone: the caller must have asked the gateway first.
    const lockCondition = takeover
      ? 'paymentLock = :heldBy AND paymentLockExpiresAt < :now'
      : 'attribute_not_exists(paymentLock)';
    const command = new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: this.tables.idempotency,
            Item: attempt,
            ConditionExpression: 'attribute_not_exists(#k)',
            ExpressionAttributeNames: { '#k': 'key' },
          },
        },
        {
          Update: {
            TableName: this.tables.orders,
            Key: { orderId: attempt.orderId },
            // A new attempt supersedes an unconfirmed one's mark (its case is already open).
            UpdateExpression:
              'SET paymentLock = :key, paymentLockExpiresAt = :until REMOVE paymentUnconfirmedAt',
            // Ownership, payability and the amount are re-checked at the moment of the claim, so
            // what is charged is what the item says now, not what an earlier read said.
            ConditionExpression:
              'callerHmac = :caller AND #s IN (:pending, :failed) AND totalMinor = :amount AND currency = :cur' +
              ` AND ${seqCondition} AND ${lockCondition}`,
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: {
              ':key': attempt.key,
              ':until': lockExpiresAt,
              ':caller': callerHmac,
              ':pending': PENDING_PAYMENT,
              ':failed': PAYMENT_FAILED,
              ':amount': attempt.amountMinor,
              ':cur': attempt.currency,
              ...(seq === 0 ? {} : { ':seq': seq }),
              ...(takeover ? { ':heldBy': takeover.lockKey, ':now': nowEpoch } : {}),
            },
          },
        },
        ...(takeover?.abandonAttempt
          ? [
              {
                Update: {
                  TableName: this.tables.idempotency,
                  Key: { key: takeover.lockKey },
                  UpdateExpression: 'SET #st = :complete, #r = :error, completedAt = :at, abandoned = :true',
                  // If its owner recorded an answer meanwhile, the takeover loses (re-read decides).
                  ConditionExpression: '#st = :pendingState',
                  ExpressionAttributeNames: { '#st': 'state', '#r': 'result' },
                  ExpressionAttributeValues: {
                    ':complete': 'COMPLETE',
                    ':pendingState': 'PENDING',
                    ':error': 'ERROR',
                    ':at': takeover.at,
                    ':true': true,
                  },
                },
              },
            ]
          : []),
      ],
    });
    for (let round = 1; ; round++) {
      try {
        await this.db.send(command);
        return 'CLAIMED';
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw new PaymentStoreError('unavailable', { cause: error });
        if (codes[0] === 'ConditionalCheckFailed') return 'DUPLICATE';
        if (codes[1] === 'ConditionalCheckFailed' || codes[2] === 'ConditionalCheckFailed') {
          return 'ORDER_CHANGED';
        }
        // Concurrent duplicates write the same items: DynamoDB cancels all but one with
        // TransactionConflict. Retrying lets the loser see the winner's attempt (DUPLICATE).
        if (!codes.includes('TransactionConflict') || round >= this.conflictAttempts) {
          throw new PaymentStoreError('conflict', { cause: error });
        }
        await this.backoff(round);
      }
    }
  }

  async complete(attempt: PaymentAttempt, recorded: RecordedResult): Promise<CompleteOutcome> {
    const attemptUpdate = (reconcile: boolean) => ({
      TableName: this.tables.idempotency,
      Key: { key: attempt.key },
      UpdateExpression: `SET #st = :complete, #r = :result, completedAt = :at${
        recorded.reference ? ', gatewayReference = :ref' : ''
      }${reconcile ? ', reconcile = :true' : ''}`,
      ConditionExpression: '#st = :pendingState',
      ExpressionAttributeNames: { '#st': 'state', '#r': 'result' },
      ExpressionAttributeValues: {
        ':complete': 'COMPLETE',
        ':pendingState': 'PENDING',
        ':result': recorded.result,
        ':at': recorded.at,
        ...(recorded.reference ? { ':ref': recorded.reference } : {}),
        ...(reconcile ? { ':true': true } : {}),
      },
    });
    const approved = recorded.result === 'APPROVED';
    const orderUpdate = {
      TableName: this.tables.orders,
      Key: { orderId: attempt.orderId },
      UpdateExpression: approved
        ? 'SET #s = :paid, paidAt = :at, updatedAt = :at, paymentBrand = :brand, paymentLast4 = :last4,' +
          ' paymentContactId = :contact, lastPaymentResult = :result' +
          (recorded.reference ? ', paymentReference = :ref' : '') +
          ', transitions = list_append(if_not_exists(transitions, :none), :record)' +
          ' REMOVE paymentLock, paymentLockExpiresAt'
        : // A settled non-approval moves the sequence on: the next card entry gets a fresh gateway key.
          'SET #s = :failedStatus, paymentFailedAt = :at, updatedAt = :at, lastPaymentResult = :result' +
          ', transitions = list_append(if_not_exists(transitions, :none), :record)' +
          ' REMOVE paymentLock, paymentLockExpiresAt ADD paymentSeq :one',
      // Only the lock holder may move the order, and only from a payable status.
      ConditionExpression: 'paymentLock = :key AND #s IN (:pending, :failed)',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: {
        ':key': attempt.key,
        ':pending': PENDING_PAYMENT,
        ':failed': PAYMENT_FAILED,
        ':at': recorded.at,
        ':result': recorded.result,
        ':none': [],
        // The condition allows either payable status, so the record names where it went only.
        ':record': [
          {
            to: approved ? 'PAID' : PAYMENT_FAILED,
            at: recorded.at,
            by: 'payment-function',
            ...(approved && recorded.reference ? { reference: recorded.reference } : {}),
          },
        ],
        ...(approved
          ? {
              ':paid': 'PAID',
              ':brand': attempt.brand,
              ':last4': attempt.last4,
              ':contact': attempt.contactId,
              ...(recorded.reference ? { ':ref': recorded.reference } : {}),
            }
          : { ':failedStatus': PAYMENT_FAILED, ':one': 1 }),
      },
    };
    for (let round = 1; ; round++) {
      try {
        await this.db.send(
          new TransactWriteCommand({
            TransactItems: [{ Update: attemptUpdate(false) }, { Update: orderUpdate }],
          }),
        );
        return 'DONE';
      } catch (error) {
        const codes = cancellationCodes(error);
        if (codes?.[1] === 'ConditionalCheckFailed' && codes[0] !== 'ConditionalCheckFailed') {
          await this.completeAttemptOnly(attemptUpdate(true));
          return 'ORDER_CHANGED';
        }
        if (codes?.[0] === 'ConditionalCheckFailed') {
          // Someone completed this attempt already (cannot happen while we hold the claim): keep theirs.
          return 'DONE';
        }
        const retryable = codes ? codes.includes('TransactionConflict') : true;
        if (!retryable || round >= this.conflictAttempts) {
          throw new PaymentStoreError(codes ? 'conflict' : 'unavailable', { cause: error });
        }
        await this.backoff(round);
      }
    }
  }

  async releaseLock(attempt: PaymentAttempt, nowEpoch: number): Promise<void> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.orders,
          Key: { orderId: attempt.orderId },
          // The mark (with the change time) is what the order stream turns into a PAYMENT_UNCONFIRMED
          // event, so that the back office checks the gateway (lambdas/core/orders/events.ts).
          UpdateExpression:
            'SET paymentLockExpiresAt = :expired, paymentUnconfirmedAt = :at, updatedAt = :at',
          ConditionExpression: 'paymentLock = :key',
          ExpressionAttributeValues: {
            ':key': attempt.key,
            ':expired': nowEpoch - 1,
            ':at': new Date(nowEpoch * 1000).toISOString(),
          },
        }),
      );
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return;
      throw new PaymentStoreError('unavailable', { cause: error });
    }
  }

  private async completeAttemptOnly(update: ConstructorParameters<typeof UpdateCommand>[0]): Promise<void> {
    try {
      await this.db.send(new UpdateCommand(update));
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return;
      throw new PaymentStoreError('unavailable', { cause: error });
    }
  }
}

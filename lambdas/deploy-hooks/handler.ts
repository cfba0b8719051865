import {
  AssociatePhoneNumberContactFlowCommand,
  type ConnectClient,
  DisassociatePhoneNumberContactFlowCommand,
} from '@aws-sdk/client-connect';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { CATALOG, type Catalog, catalogItem } from '../contracts/catalog';
import { logger } from '../edge/powertools';
import { pipeline } from '../edge/tracer';

/** Custom resource types this function serves. */
export const RESOURCE_TYPES = {
  phoneNumberRoute: 'Custom::PhoneNumberRoute',
  catalogSync: 'Custom::CatalogSync',
} as const;

const baseEvent = z.object({
  RequestType: z.enum(['Create', 'Update', 'Delete']),
  ResponseURL: z.url(),
  StackId: z.string(),
  RequestId: z.string(),
  LogicalResourceId: z.string(),
  ResourceType: z.string(),
  PhysicalResourceId: z.optional(z.string()),
  ResourceProperties: z.record(z.string(), z.unknown()),
});
/** The CloudFormation custom resource request. */
export type CustomResourceEvent = z.infer<typeof baseEvent>;

const routeProps = z.object({
  PhoneNumberId: z.string().check(z.minLength(1)),
  InstanceId: z.string().check(z.minLength(1)),
  ContactFlowId: z.string().check(z.minLength(1)),
});
const catalogProps = z.object({
  TableName: z.string().check(z.minLength(1)),
  CatalogHash: z.string().check(z.minLength(1)),
});

/** What the function needs. */
export interface DeployHooksDeps {
  readonly connect: ConnectClient;
  readonly db: DynamoDBDocumentClient;
  /** Sends the response document to CloudFormation's pre-signed URL. */
  readonly respond?: (url: string, body: string) => Promise<void>;
  /** The catalog to sync. @default the bundled data/catalog.json */
  readonly catalog?: Catalog;
}

/** The response CloudFormation expects. */
export interface CustomResourceResponse {
  Status: 'SUCCESS' | 'FAILED';
  Reason?: string;
  PhysicalResourceId: string;
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  Data?: Record<string, string>;
}

async function putResponse(url: string, body: string): Promise<void> {
  const res = await fetch(url, {
    method: 'PUT',
    body,
    headers: { 'content-type': '', 'content-length': String(Buffer.byteLength(body)) },
  });
  if (!res.ok) throw new Error(`CloudFormation response upload failed with HTTP ${res.status}`);
}

/**
 * Makes the catalog table match data/catalog.json without touching live stock: names, prices
 * and categories are overwritten, `stock` is set only for a product that has none yet (a
 * redeploy must not undo the orders taken since the last one).
 */
export async function syncCatalog(
  db: DynamoDBDocumentClient,
  tableName: string,
  catalog: Catalog,
): Promise<number> {
  for (const product of catalog.products) {
    const { sku, stock, ...rest } = catalogItem(product);
    const names = Object.keys(rest);
    await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { sku },
        UpdateExpression: `SET ${[...names.map((_, i) => `#a${i} = :v${i}`), '#stock = if_not_exists(#stock, :stock)'].join(', ')}`,
        ExpressionAttributeNames: {
          ...Object.fromEntries(names.map((n, i) => [`#a${i}`, n])),
          '#stock': 'stock',
        },
        ExpressionAttributeValues: {
          ...Object.fromEntries(names.map((n, i) => [`:v${i}`, (rest as Record<string, unknown>)[n]])),
          ':stock': stock,
        },
      }),
    );
  }
  return catalog.products.length;
}

async function perform(
  event: CustomResourceEvent,
  deps: DeployHooksDeps,
): Promise<{ id: string; data?: Record<string, string> }> {
  switch (event.ResourceType) {
    case RESOURCE_TYPES.phoneNumberRoute: {
      const p = routeProps.parse(event.ResourceProperties);
      const id = `route:${p.PhoneNumberId}`;
      if (event.RequestType === 'Delete') {
        try {
          await deps.connect.send(
            new DisassociatePhoneNumberContactFlowCommand({
              PhoneNumberId: p.PhoneNumberId,
              InstanceId: p.InstanceId,
            }),
          );
        } catch (e) {
          // Already gone (number released first): deleting what does not exist succeeds.
          if ((e as { name?: string }).name !== 'ResourceNotFoundException') throw e;
        }
        return { id: event.PhysicalResourceId ?? id };
      }
      await deps.connect.send(
        new AssociatePhoneNumberContactFlowCommand({
          PhoneNumberId: p.PhoneNumberId,
          InstanceId: p.InstanceId,
          ContactFlowId: p.ContactFlowId,
        }),
      );
      return { id };
    }
    case RESOURCE_TYPES.catalogSync: {
      const p = catalogProps.parse(event.ResourceProperties);
      const id = `catalog:${p.TableName}`;
      // The table is retained with the data stack; its items outlive this resource.
      if (event.RequestType === 'Delete') return { id: event.PhysicalResourceId ?? id };
      const count = await syncCatalog(deps.db, p.TableName, deps.catalog ?? CATALOG);
      return { id, data: { Products: String(count) } };
    }
    default:
      throw new Error(`unsupported resource type ${event.ResourceType}`);
  }
}

/**
 * Deploy-time hooks CloudFormation has no resource for: routing the phone number to the
 * inbound flow, and syncing the catalog. Always answers CloudFormation, with FAILED and a
 * reason on error, so a stack never hangs waiting for a response.
 */
export function createHandler(deps: DeployHooksDeps) {
  const respond = deps.respond ?? putResponse;
  return pipeline(async (raw: unknown): Promise<CustomResourceResponse> => {
    const parsed = baseEvent.safeParse(raw);
    if (!parsed.success) {
      logger.error('malformed custom resource event', {
        issues: parsed.error.issues.map((i) => i.path.join('.')),
      });
      throw new Error('malformed custom resource event');
    }
    const event = parsed.data;
    let response: CustomResourceResponse;
    try {
      const { id, data } = await perform(event, deps);
      response = {
        Status: 'SUCCESS',
        PhysicalResourceId: id,
        StackId: event.StackId,
        RequestId: event.RequestId,
        LogicalResourceId: event.LogicalResourceId,
        ...(data ? { Data: data } : {}),
      };
    } catch (e) {
      const reason = e instanceof Error ? `${e.name}: ${e.message}` : 'unknown error';
      logger.error('deploy hook failed', {
        resourceType: event.ResourceType,
        requestType: event.RequestType,
        reason,
      });
      response = {
        Status: 'FAILED',
        Reason: reason.slice(0, 500),
        PhysicalResourceId: event.PhysicalResourceId ?? `failed:${event.LogicalResourceId}`,
        StackId: event.StackId,
        RequestId: event.RequestId,
        LogicalResourceId: event.LogicalResourceId,
      };
    }
    await respond(event.ResponseURL, JSON.stringify(response));
    return response;
  });
}

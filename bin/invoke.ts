import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { parseConfig } from '../lib/config';
import { createTables, localDynamoClient, startDynamoLocal } from '../local/dynamo-local';
import type { LocalResources } from '../local/functions';
import { localContext } from '../local/lambda-context';

/**
 * Local invoke: runs a real Lambda handler in-process against DynamoDB Local (started, given
 * fresh tables and seeded with the catalog automatically) and prints each response as JSON.
 *
 *   npm run invoke -- fulfillment --event test/fixtures/lex/ProductInfo.en-US.json
 *   npm run invoke -- fulfillment --event a.json --event b.json   # same tables, in order
 *   npm run invoke -- fulfillment --event a.json --endpoint http://127.0.0.1:8000 --logs
 */

/** A handler as the local runtime calls it. */
export type LocalHandler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Functions that can be invoked locally, one line each, wired by local/functions.ts over DynamoDB
 * Local. Handlers are imported lazily so the Powertools environment below is in place before
 * their singletons are created.
 */
export const FUNCTIONS: Readonly<Record<string, (r: LocalResources) => Promise<LocalHandler>>> = {
  fulfillment: async (r) => (await import('../local/functions')).localFulfillment(r) as LocalHandler,
  consent: async (r) => (await import('../local/functions')).localConsent(r) as LocalHandler,
};

/** Options of {@link invokeLocal}. */
export interface InvokeOptions {
  /** Use this DynamoDB Local instead of starting one. */
  readonly endpoint?: string;
  /** @default the config default (20) */
  readonly maxOrderQuantity?: number;
}

/**
 * Runs `events` through function `name` in order, against one fresh set of seeded tables.
 *
 * @returns the responses, in order
 */
export async function invokeLocal(
  name: string,
  events: readonly unknown[],
  options: InvokeOptions = {},
): Promise<unknown[]> {
  const build = FUNCTIONS[name];
  if (!build) {
    throw new Error(`unknown function "${name}"; fix: use one of ${Object.keys(FUNCTIONS).join(', ')}`);
  }
  const dynamo = options.endpoint ? undefined : await startDynamoLocal();
  const endpoint = options.endpoint ?? dynamo?.endpoint ?? '';
  const client = localDynamoClient(endpoint);
  try {
    const tables = await createTables(client, `invoke${randomUUID().slice(0, 8)}`);
    const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    const { seedCatalog } = await import('../lambdas/aws/dynamo-order-store');
    await seedCatalog(db, tables.catalog);
    const config = parseConfig(
      options.maxOrderQuantity ? { maxOrderQuantity: options.maxOrderQuantity } : {},
    );
    const handler = await build({ dynamo: client, tables, config });
    const responses: unknown[] = [];
    for (const event of events) responses.push(await handler(event, localContext(name)));
    return responses;
  } finally {
    client.destroy();
    await dynamo?.stop();
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      event: { type: 'string', multiple: true },
      endpoint: { type: 'string' },
      logs: { type: 'boolean', default: false },
      'max-order-quantity': { type: 'string' },
    },
  });
  const name = positionals[0];
  if (!name || !FUNCTIONS[name] || !values.event?.length) {
    console.error(
      `usage: npm run invoke -- <${Object.keys(FUNCTIONS).join('|')}> --event <file.json> [--event <file.json> ...] [--endpoint <url>] [--logs]`,
    );
    process.exitCode = 2;
    return;
  }
  // Keep stdout for the response JSON: Powertools logs go quiet unless --logs, metrics and
  // tracing are off (no CloudWatch or X-Ray offline).
  process.env.POWERTOOLS_LOG_LEVEL ??= values.logs ? 'INFO' : 'ERROR';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
  const events = await Promise.all(values.event.map(async (f) => JSON.parse(await readFile(f, 'utf8'))));
  const maxOrderQuantity = values['max-order-quantity'] ? Number(values['max-order-quantity']) : undefined;
  const responses = await invokeLocal(name, events, { endpoint: values.endpoint, maxOrderQuantity });
  for (const r of responses) console.log(JSON.stringify(r, null, 2));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}

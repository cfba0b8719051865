/**
 * `npm run dsar -- export|erase --phone <E.164> [options]` and
 * `npm run dsar -- withdraw --phone <E.164> | --contact <id> [options]`: data-subject requests
 * (COMPLIANCE C12) and withdrawal of consent after the call (C14).
 *
 * Local (default): against a running DynamoDB Local (`npm start -- --dynamo-endpoint <url>` keeps
 * one) and the local data folder. AWS (`--aws`): table names, the HMAC secret and buckets come
 * from the environment, credentials from the usual AWS chain.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { LexModelsV2Client } from '@aws-sdk/client-lex-models-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConsentLedger } from '../lambdas/aws/dynamo-consent-ledger';
import { type DsarTables, DynamoAuditLog, DynamoCallerRecords } from '../lambdas/aws/dynamo-dsar';
import { DynamoCallTurns } from '../lambdas/aws/dynamo-turn-log';
import { AwsLexUtterances } from '../lambdas/aws/lex-utterances';
import { S3Lake, S3VaultRecordings } from '../lambdas/aws/s3-dsar';
import { SecretsManagerHmacKey } from '../lambdas/aws/secrets';
import { CALLER_HMAC_SECRET_ENV } from '../lambdas/contracts/env/names';
import { LEX_LOCALE_ID_BY_LOCALE, SUPPORTED_LOCALES } from '../lambdas/contracts/locales';
import { TABLE_ENV } from '../lambdas/contracts/tables';
import { ContactWords, type LexUtterances } from '../lambdas/core/after-call/after-call';
import { type HmacKeySource, StaticHmacKey } from '../lambdas/core/caller-id';
import { type DsarAuditLog, DsarRequestError, DsarService } from '../lambdas/core/dsar';
import { localDatabasePath } from '../local/cli';
import { LocalLake, LocalVaultRecordings } from '../local/dsar-stores';
import { type DynamoLocal, localDynamoClient, startDynamoLocal } from '../local/dynamo-local';
import { LOCAL_HMAC_KEY } from '../local/simulator';

const USAGE = `usage: npm run dsar -- export|erase --phone <E.164> [options]
       npm run dsar -- withdraw --phone <E.164> | --contact <contact id> [options]

  export   everything held about the caller (consents, orders, bot turns, transcripts, recording
           references) as JSON
  erase    erase orders' personal fields, transcripts, bot turns, Lex's stored utterances and transient
           records; keep the consent ledger entry as minimised evidence; list retention-locked
           recordings as storage-only with their end date
  withdraw withdraw consent to recording after the call, for every contact of the caller or one contact:
           a WITHDRAWN event in the ledger, transcripts deleted, bot turns' words and Lex's stored
           utterances removed; recordings stay locked until their retention ends (listed), never
           transcribed again

options:
  --phone <+E164>            the caller's number, e.g. +15550123
  --contact <id>             (withdraw) one Connect contact id instead of a caller
  --out <file>               write the JSON result there (mode 600) instead of stdout
  --operator <name>          who runs the request, for the audit record (default $USER)
  local (default):
  --dynamo-endpoint <url>    a running DynamoDB Local (default: open the database npm start keeps in --data)
  --table-prefix <prefix>    table name prefix (default: the only prefix found, e.g. local)
  --data <dir>               local data folder with the database, lake and vault (default .local-data)
  AWS:
  --aws                      use AWS: ${TABLE_ENV.orders}, ${TABLE_ENV.consentLedger}, ${TABLE_ENV.idempotency},
                             ${TABLE_ENV.turns}, ${CALLER_HMAC_SECRET_ENV}, LAKE_BUCKET [LAKE_PREFIX], VAULT_BUCKET,
                             LEX_BOT_ID from the environment; DSAR_AUDIT_TABLE for the audit record
  -h, --help`;

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new DsarRequestError(`--aws needs the environment variable ${name}`);
  return value;
}

/**
 * The local bot stand-in keeps what callers said in the memory of the `npm start` process only
 * (the after-call work deletes it there at the end of each call); a separate process finds no
 * stored utterance to delete.
 */
const LOCAL_LEX_STORES_NOTHING: LexUtterances = { deleteSession: async () => undefined };

async function localTables(
  client: DynamoDBClient,
  prefix: string | undefined,
): Promise<DsarTables & { readonly audit: string; readonly turns: string }> {
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
    turns: `${chosen}-turns`,
    audit: `${chosen}-dsarAudit`,
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      phone: { type: 'string' },
      contact: { type: 'string' },
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
  const target = values.phone
    ? { phone: values.phone }
    : values.contact
      ? { contactId: values.contact }
      : undefined;
  const valid =
    (kind === 'export' || kind === 'erase') && values.phone
      ? true
      : kind === 'withdraw' && target !== undefined && !(values.phone && values.contact);
  if (!valid || target === undefined) {
    console.error(USAGE);
    return 2;
  }
  const dataDir = resolve(values.data);
  let client: DynamoDBClient;
  let tables: DsarTables;
  let turnsTable: string;
  let utterances: LexUtterances = LOCAL_LEX_STORES_NOTHING;
  let hmacKey: HmacKeySource;
  let dynamo: DynamoLocal | undefined;
  let audit: DsarAuditLog;
  let lake: LocalLake | S3Lake = new LocalLake(dataDir);
  let recordings: LocalVaultRecordings | S3VaultRecordings = new LocalVaultRecordings(dataDir);
  if (values.aws) {
    client = new DynamoDBClient({});
    tables = {
      orders: requireEnv(TABLE_ENV.orders),
      consentLedger: requireEnv(TABLE_ENV.consentLedger),
      idempotency: requireEnv(TABLE_ENV.idempotency),
    };
    turnsTable = requireEnv(TABLE_ENV.turns);
    utterances = new AwsLexUtterances(new LexModelsV2Client({}), requireEnv('LEX_BOT_ID'));
    hmacKey = new SecretsManagerHmacKey(requireEnv(CALLER_HMAC_SECRET_ENV));
    const s3 = new S3Client({});
    lake = new S3Lake(s3, requireEnv('LAKE_BUCKET'), process.env.LAKE_PREFIX ?? '');
    recordings = new S3VaultRecordings(s3, requireEnv('VAULT_BUCKET'));
    audit = new DynamoAuditLog(client, requireEnv(TABLE_ENV.dsarAudit));
  } else {
    // Without an endpoint, open the offline runtime's persistent database in the data folder.
    let endpoint = values['dynamo-endpoint'];
    if (!endpoint) {
      dynamo = await startDynamoLocal({ dbPath: localDatabasePath(dataDir) });
      endpoint = dynamo.endpoint;
    }
    client = localDynamoClient(endpoint);
    const local = await localTables(client, values['table-prefix']);
    tables = local;
    turnsTable = local.turns;
    audit = new DynamoAuditLog(client, local.audit);
    hmacKey = new StaticHmacKey(LOCAL_HMAC_KEY);
  }
  try {
    const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    const dsar = new DsarService({
      hmacKey,
      records: new DynamoCallerRecords(client, tables),
      words: new ContactWords({
        turns: new DynamoCallTurns(doc, turnsTable),
        utterances,
        localeIds: SUPPORTED_LOCALES.map((l) => LEX_LOCALE_ID_BY_LOCALE[l]),
      }),
      ledger: new DynamoConsentLedger(client, tables.consentLedger),
      lake,
      recordings,
      audit,
      operator: values.operator,
    });
    const phone = values.phone ?? '';
    const result =
      kind === 'export'
        ? await dsar.export(phone)
        : kind === 'erase'
          ? await dsar.erase(phone)
          : await dsar.withdraw(target);
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
    await dynamo?.stop();
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

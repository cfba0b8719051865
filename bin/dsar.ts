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
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DsarTables } from '../lambdas/aws/dynamo-dsar';
import type { S3Lake } from '../lambdas/aws/s3-dsar';
import { CALLER_HMAC_SECRET_ENV } from '../lambdas/contracts/env/names';
import { TABLE_ENV } from '../lambdas/contracts/tables';
import type { LexUtterances } from '../lambdas/core/after-call/after-call';
import type { HmacKeySource } from '../lambdas/core/caller-id';
import { type DsarAuditLog, DsarRequestError, type RecordingCatalog } from '../lambdas/core/dsar';
import type { LocalLake } from '../local/dsar-stores';
import type { DynamoLocal } from '../local/dynamo-local';
import {
  CliError,
  type CommandSpec,
  localDatabaseOptions,
  prepareOutputFile,
  runCommand,
  UsageError,
  unknownChoice,
} from './cli';

export const DSAR_COMMAND = {
  command: 'npm run dsar --',
  usage: [
    'export|erase --phone <E.164> [options]',
    'withdraw --phone <E.164> | --contact <contact id> [options]',
  ],
  summary: `Data-subject requests (C12) and withdrawal of consent after the call (C14), against the local database
(default: the one npm start keeps in --data) or AWS (--aws).
  export   everything held about the caller (consents, orders, bot turns, transcripts, recording
           references) as JSON
  erase    erase orders' personal fields, transcripts, bot turns, Lex's stored utterances and transient
           records; keep the consent ledger entry as minimised evidence; list retention-locked
           recordings as storage-only with their end date
  withdraw withdraw consent to recording after the call, for every contact of the caller or one contact:
           a WITHDRAWN event in the ledger, transcripts deleted, bot turns' words and Lex's stored
           utterances removed; recordings stay locked until their retention ends (listed), never
           transcribed again
With --aws: ${TABLE_ENV.orders}, ${TABLE_ENV.consentLedger}, ${TABLE_ENV.idempotency}, ${TABLE_ENV.textMessages}, ${TABLE_ENV.turns}, ${CALLER_HMAC_SECRET_ENV},
LAKE_BUCKET [LAKE_PREFIX], VAULT_BUCKET [ORIGINALS_BUCKET, with keepOriginalRecording], LEX_BOT_ID and ${TABLE_ENV.dsarAudit} (audit record) come from the environment.`,
  positionals: { 'export|erase|withdraw': 'the request' },
  options: {
    phone: { type: 'string', value: '<+E164>', description: "the caller's number, e.g. +15550123" },
    contact: {
      type: 'string',
      value: '<id>',
      description: '(withdraw) one Connect contact id instead of a caller',
    },
    out: {
      type: 'string',
      value: '<file>',
      description: 'write the JSON result there (mode 600, folders created) instead of stdout',
    },
    operator: {
      type: 'string',
      value: '<name>',
      default: process.env.USER ?? 'unknown',
      description: 'who runs the request, for the audit record (default $USER)',
    },
    ...localDatabaseOptions('the database, lake and vault'),
    aws: { type: 'boolean', description: 'use the deployed tables and buckets (see above)' },
  },
  examples: [
    'npm run dsar -- export --phone +15550123 --out out/dsar/export.json',
    'npm run dsar -- withdraw --contact 3f6b2c1e-0000-4000-8000-000000000000',
  ],
} as const satisfies CommandSpec;

const E164 = /^\+[1-9]\d{6,14}$/;

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

await runCommand(
  DSAR_COMMAND,
  async ({ values, positionals }) => {
    const [request, ...extra] = positionals;
    if (!request) throw new UsageError('name the request: export, erase or withdraw');
    const requests = ['export', 'erase', 'withdraw'] as const;
    const kind = requests.find((r) => r === request);
    if (!kind) throw new UsageError(unknownChoice('request', request, requests));
    if (extra.length > 0) throw new UsageError(`one request at a time, got ${positionals.join(' ')}`);
    if (values.phone !== undefined && !E164.test(values.phone)) {
      throw new UsageError(`--phone must be an E.164 number such as +15550123, got "${values.phone}"`);
    }
    if (kind !== 'withdraw' && !values.phone) {
      throw new UsageError(`${kind} needs --phone <E.164>, e.g. --phone +15550123`);
    }
    if (kind !== 'withdraw' && values.contact) {
      throw new UsageError(`--contact is for withdraw only; ${kind} takes --phone`);
    }
    if (kind === 'withdraw' && !values.phone === !values.contact) {
      throw new UsageError('withdraw needs exactly one of --phone <E.164> or --contact <contact id>');
    }
    const target = values.phone ? { phone: values.phone } : { contactId: values.contact ?? '' };
    // Checked before the request runs: an erase whose result cannot be written is not repeatable.
    const outFile = values.out === undefined ? undefined : prepareOutputFile(values.out, '--out');
    return run(kind, target, values, outFile);
  },
  { usageError: (error) => error instanceof DsarRequestError },
);

async function run(
  kind: 'export' | 'erase' | 'withdraw',
  target: { phone: string } | { contactId: string },
  values: {
    readonly phone: string | undefined;
    readonly operator: string;
    readonly data: string;
    readonly aws: boolean;
    readonly 'dynamo-endpoint': string | undefined;
    readonly 'table-prefix': string | undefined;
  },
  outFile: string | undefined,
): Promise<number> {
  // The AWS SDK and DynamoDB Local load only once the arguments are known to be good.
  const [
    { DynamoDBClient },
    { LexModelsV2Client },
    { S3Client },
    { DynamoDBDocumentClient },
    { DynamoConsentLedger },
    { DynamoAuditLog, DynamoCallerRecords },
    { DynamoCallTurns },
    { AwsLexUtterances },
    { S3Lake, S3VaultRecordings },
    { SecretsManagerHmacKey },
    { LEX_LOCALE_ID_BY_LOCALE, SUPPORTED_LOCALES },
    { ContactWords },
    { StaticHmacKey },
    { DsarService },
    { localDatabasePath },
    { LocalLake, LocalVaultRecordings },
    { DynamoLocalError, findLocalTables, localDynamoClient, startDynamoLocal },
    { LOCAL_HMAC_KEY },
  ] = await Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/client-lex-models-v2'),
    import('@aws-sdk/client-s3'),
    import('@aws-sdk/lib-dynamodb'),
    import('../lambdas/aws/dynamo-consent-ledger'),
    import('../lambdas/aws/dynamo-dsar'),
    import('../lambdas/aws/dynamo-turn-log'),
    import('../lambdas/aws/lex-utterances'),
    import('../lambdas/aws/s3-dsar'),
    import('../lambdas/aws/secrets'),
    import('../lambdas/contracts/locales'),
    import('../lambdas/core/after-call/after-call'),
    import('../lambdas/core/caller-id'),
    import('../lambdas/core/dsar'),
    import('../local/cli'),
    import('../local/dsar-stores'),
    import('../local/dynamo-local'),
    import('../local/simulator'),
  ]);
  const dataDir = resolve(values.data);
  let client: DynamoDBClient;
  let tables: DsarTables;
  let turnsTable: string;
  let utterances: LexUtterances = LOCAL_LEX_STORES_NOTHING;
  let hmacKey: HmacKeySource;
  let dynamo: DynamoLocal | undefined;
  let audit: DsarAuditLog;
  let lake: LocalLake | S3Lake = new LocalLake(dataDir);
  let recordings: RecordingCatalog = new LocalVaultRecordings(dataDir);
  if (values.aws) {
    client = new DynamoDBClient({});
    tables = {
      orders: requireEnv(TABLE_ENV.orders),
      consentLedger: requireEnv(TABLE_ENV.consentLedger),
      idempotency: requireEnv(TABLE_ENV.idempotency),
      textMessages: requireEnv(TABLE_ENV.textMessages),
    };
    turnsTable = requireEnv(TABLE_ENV.turns);
    utterances = new AwsLexUtterances(new LexModelsV2Client({}), requireEnv('LEX_BOT_ID'));
    hmacKey = new SecretsManagerHmacKey(requireEnv(CALLER_HMAC_SECRET_ENV));
    const s3 = new S3Client({});
    lake = new S3Lake(s3, requireEnv('LAKE_BUCKET'), process.env.LAKE_PREFIX ?? '');
    const vaults = [requireEnv('VAULT_BUCKET'), process.env.ORIGINALS_BUCKET]
      .filter((b): b is string => b !== undefined && b !== '')
      .map((bucket) => new S3VaultRecordings(s3, bucket));
    recordings = { find: async (ids) => (await Promise.all(vaults.map((v) => v.find(ids)))).flat() };
    audit = new DynamoAuditLog(client, requireEnv(TABLE_ENV.dsarAudit));
  } else {
    // Without an endpoint, open the offline runtime's persistent database in the data folder.
    let endpoint = values['dynamo-endpoint'];
    if (!endpoint) {
      try {
        dynamo = await startDynamoLocal({ dbPath: localDatabasePath(dataDir) });
      } catch (error) {
        if (error instanceof DynamoLocalError) throw new CliError(error.message);
        throw error;
      }
      endpoint = dynamo.endpoint;
    }
    client = localDynamoClient(endpoint);
    let local: Awaited<ReturnType<typeof findLocalTables>>;
    try {
      local = await findLocalTables(client, values['table-prefix']);
    } catch (error) {
      client.destroy();
      await dynamo?.stop();
      if (error instanceof DynamoLocalError) throw new DsarRequestError(error.message);
      throw error;
    }
    tables = local;
    turnsTable = local.turns;
    audit = new DynamoAuditLog(client, local.dsarAudit);
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
    if (outFile) {
      writeFileSync(outFile, json, { encoding: 'utf8', mode: 0o600 });
      console.error(`${kind} ${result.requestId}: written to ${outFile}`);
    } else {
      process.stdout.write(json);
    }
    return 0;
  } finally {
    client.destroy();
    await dynamo?.stop();
  }
}

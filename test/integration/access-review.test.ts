import { readFileSync } from 'node:fs';
import {
  AthenaClient,
  GetNamedQueryCommand,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsOutput,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCESS_REVIEW_QUERY_NAME } from '../../lambdas/contracts/env/access-review';
import { ACCESS_REVIEW_COLUMNS, type Expectations } from '../../lambdas/core/audit/events';
import { type AuditQuery, MAX_MESSAGE_BYTES, type ResultRow } from '../../lambdas/core/audit/ports';
import { reviewRequestToken, reviewWindow, windowParameters } from '../../lambdas/core/audit/window';
import { loadNamedQueries } from '../../lib/constructs/analytics-lake/queries';
import { cloudtrailViewSql, TRINO_MACROS } from '../../local/analytics/duckdb';

// Handlers log and emit metrics through Powertools singletons created at import: silence them first.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const { createHandler, MalformedEventError } = await import('../../lambdas/access-review/handler');
const { AthenaAuditQuery, athenaStringLiteral } = await import('../../lambdas/aws/athena-audit-query');
const { SnsReportPublisher } = await import('../../lambdas/aws/sns-report-publisher');
const { reviewAccess } = await import('../../lambdas/core/audit/review');

/**
 * The weekly access review (COMPLIANCE C8). Its SQL runs unmodified on DuckDB over the CloudTrail
 * fixtures, with the execution parameters Athena would get, and the handler runs over the Athena
 * and SNS adapters with SDK mocks (neither service has a local engine): completed, failed,
 * cancelled and timed-out queries, an empty week and a week too long for one message.
 */

const SQL = loadNamedQueries().find((q) => q.name === ACCESS_REVIEW_QUERY_NAME)?.sql ?? '';
const CLOUDTRAIL_DIR = new URL('../fixtures/cloudtrail/', import.meta.url).pathname;
const ACCOUNT = '111122223333';
const EXPECTATIONS: Expectations = {
  expectedReaderRoleArns: [
    `arn:aws:iam::${ACCOUNT}:role/PhoneRobot-dev-Data-RecordingVaultAuditorRole`,
    `arn:aws:iam::${ACCOUNT}:role/PhoneRobot-dev-Data-RecordingVaultTranscribeAccessRole`,
  ],
  transcriptionStarterRoleArn: `arn:aws:iam::${ACCOUNT}:role/PhoneRobot-dev-Analytics-TranscriptionStartFunctionRole1B2C3D4E-EXAMPLE`,
};
const RUNBOOK = 'Runbook: docs/RUNBOOK.md#weekly-access-review';
const WORKGROUP = 'phone-robot-dev';

/** The week the fixtures fall in: the run on Monday 2026-12-07 01:00 UTC reviews 11-30 to 12-07. */
const RUN_TIME = '2026-12-07T01:00:00Z';

let duck: DuckDBInstance;
let db: DuckDBConnection;

/** The query on DuckDB, with the parameters of `window` bound as Athena binds them. */
async function runReviewQuery(start: string, end: string): Promise<ResultRow[]> {
  const result = await db.runAndReadAll(SQL, [
    ...windowParameters({ start: new Date(start), end: new Date(end) }),
  ]);
  return result
    .getRowObjectsJson()
    .map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)])),
    );
}

beforeAll(async () => {
  // The local analytics engine's own setup: the Trino macro layer and the CloudTrail view.
  duck = await DuckDBInstance.create(':memory:');
  db = await duck.connect();
  await db.run("SET TimeZone = 'UTC'");
  for (const macro of TRINO_MACROS) await db.run(macro);
  await db.run(cloudtrailViewSql(CLOUDTRAIL_DIR));
});
afterAll(() => {
  db?.closeSync();
  duck?.closeSync();
});

const tail = (arn: unknown) => String(arn).split('/').at(-1);

describe('weekly-access-review SQL on the CloudTrail fixtures (DuckDB)', () => {
  it('selects the columns the review reads, with four window parameters', () => {
    expect(SQL).toMatch(/^SELECT kind, event_time, principal_arn, action, subject, media_uri, outcome\n/m);
    expect([...ACCESS_REVIEW_COLUMNS].join(', ')).toBe(
      'kind, event_time, principal_arn, action, subject, media_uri, outcome',
    );
    // Placeholders only in the statement, none in its comments (Athena counts them in order).
    expect(SQL.match(/\?/g)).toHaveLength(4);
    expect(SQL.split('\n').filter((l) => l.startsWith('--') && l.includes('?'))).toEqual([]);
  });

  it('lists the recording reads and Transcribe jobs of the week, oldest first', async () => {
    // Act
    const rows = await runReviewQuery('2026-11-30T00:00:00Z', '2026-12-07T00:00:00Z');
    // Assess: writes, other keys, KMS, GetTranscriptionJob and the job of 11-15 are left out.
    expect(rows.map((r) => [r.kind, r.action, tail(r.principal_arn), r.outcome])).toEqual([
      [
        'transcription-job',
        'StartTranscriptionJob',
        'PhoneRobot-dev-Analytics-TranscriptionStartFunction-EXAMPLE',
        'OK',
      ],
      ['recording-read', 'GetObject', 'transcribe', 'OK'],
      ['recording-read', 'GetObject', 'alice', 'OK'],
      ['recording-read', 'GetObject', 'bob', 'AccessDenied'],
      ['recording-read', 'HeadObject', 'alice', 'OK'],
      ['transcription-job', 'StartTranscriptionJob', 'mallory', 'OK'],
      ['transcription-job', 'StartCallAnalyticsJob', 'bob', 'AccessDeniedException'],
    ]);
    expect(rows.filter((r) => r.kind === 'transcription-job').map((r) => r.subject)).toEqual([
      'phone-robot-3fef0f3a-b828-46ef-bab3-581c81b2c89e',
      'copy-of-3fef0f3a',
      'bob-analytics-1',
    ]);
    expect(
      rows.filter((r) => r.kind === 'recording-read').every((r) => String(r.subject).startsWith('connect/')),
    ).toBe(true);
    // CloudTrail writes the media URI of a Transcribe call as "": the query returns null.
    expect(rows.map((r) => r.media_uri)).toEqual(Array(7).fill(null));
  });

  it('keeps to the window, start included, end excluded', async () => {
    const rows = await runReviewQuery('2026-11-30T11:40:00Z', '2026-11-30T12:00:00Z');
    expect(rows.map((r) => [r.action, tail(r.principal_arn), r.event_time])).toEqual([
      ['GetObject', 'alice', '2026-11-30 11:40:00+00'],
      ['GetObject', 'bob', '2026-11-30 11:42:30+00'],
    ]);
    const earlier = await runReviewQuery('2026-11-09T00:00:00Z', '2026-11-16T00:00:00Z');
    expect(earlier.map((r) => [r.action, r.subject])).toEqual([
      ['StartTranscriptionJob', 'phone-robot-0b8685f7-9016-44d2-845c-de1ee2598792'],
    ]);
  });

  it('turns into a report that flags only what nobody expected', async () => {
    // Prepare: the DuckDB rows behind a fake Athena.
    const rows = await runReviewQuery('2026-11-30T00:00:00Z', '2026-12-07T00:00:00Z');
    const published: { subject: string; message: string }[] = [];
    const query: AuditQuery = {
      start: async () => 'duckdb-execution',
      status: async () => ({ state: 'SUCCEEDED' }),
      page: async () => ({ rows }),
      stop: async () => undefined,
    };
    // Act
    const outcome = await reviewAccess(
      {
        window: reviewWindow(new Date(RUN_TIME), 7),
        deadline: new Date('2026-12-07T01:04:00Z'),
        requestToken: 'x'.repeat(32),
      },
      {
        query,
        publisher: { publish: async (subject, message) => void published.push({ subject, message }) },
        expectations: EXPECTATIONS,
        workGroup: WORKGROUP,
        runbookPointer: RUNBOOK,
        clock: () => new Date('2026-12-07T01:00:05Z'),
        sleep: async () => undefined,
      },
    );
    // Assess
    expect(outcome).toMatchObject({ kind: 'REPORTED', reads: 4, jobs: 3, unexpected: 3, listed: 7 });
    expect(published).toHaveLength(1);
    const [report] = published;
    expect(report?.subject).toBe('phone-robot weekly access review 2026-11-30 to 2026-12-07');
    const text = report?.message ?? '';
    expect(text).toContain('Period: 2026-11-30T00:00:00Z to 2026-12-07T00:00:00Z (UTC, end excluded)');
    expect(text).toContain(
      'Recording reads: 4 (3 allowed, 1 denied); 1 not by the auditor or the Transcribe data-access role',
    );
    expect(text).toContain(
      'Transcription jobs started: 3 (2 allowed, 1 denied); 2 not by the transcription pipeline',
    );
    const needsReview = text.split('Needs review (3):\n')[1]?.split('\n\n')[0]?.split('\n') ?? [];
    expect(needsReview.map((l) => l.trim().split(/\s+/).slice(1, 5))).toEqual([
      ['read', 'GetObject', 'AccessDenied', `arn:aws:sts::${ACCOUNT}:assumed-role/Analyst/bob`],
      ['job', 'StartTranscriptionJob', 'OK', `arn:aws:iam::${ACCOUNT}:user/mallory`],
      [
        'job',
        'StartCallAnalyticsJob',
        'AccessDeniedException',
        `arn:aws:sts::${ACCOUNT}:assumed-role/Analyst/bob`,
      ],
    ]);
    expect(text).toContain('media (CloudTrail does not record it)');
    expect(text.trimEnd().endsWith(RUNBOOK)).toBe(true);
  });
});

// --- The handler over the Athena and SNS adapters (SDK mocks) ---------------------------------

const athena = mockClient(AthenaClient);
const sns = mockClient(SNSClient);
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`;
const HEADER = [...ACCESS_REVIEW_COLUMNS];

/** A GetQueryResults answer as Athena gives it: strings, a header row on the first page. */
function athenaPage(rows: (string | null)[][], options: { first?: boolean; nextToken?: string } = {}) {
  const toRow = (values: (string | null)[]) => ({
    Data: values.map((v) => (v === null ? {} : { VarCharValue: v })),
  });
  return {
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: HEADER.map((Name) => ({ Name, Type: 'varchar' })) },
      Rows: [...((options.first ?? true) ? [toRow(HEADER)] : []), ...rows.map(toRow)],
    },
    ...(options.nextToken ? { NextToken: options.nextToken } : {}),
  } as GetQueryResultsOutput;
}
const readRow = (time: string, principal: string, key: string, outcome = 'OK'): (string | null)[] => [
  'recording-read',
  `${time}.000 UTC`,
  principal,
  'GetObject',
  key,
  null,
  outcome,
];
const ALICE = `arn:aws:sts::${ACCOUNT}:assumed-role/PhoneRobot-dev-Data-RecordingVaultAuditorRole/alice`;

/** A virtual clock: `sleep` moves it, nothing waits. */
function virtualTime(start = '2026-12-07T01:00:00.500Z') {
  let now = Date.parse(start);
  return {
    clock: () => new Date(now),
    sleep: async (ms: number) => {
      now += ms;
    },
    jump: (ms: number) => {
      now += ms;
    },
  };
}
const context = (remainingMs = 290_000) =>
  ({
    functionName: 'access-review',
    awsRequestId: 'req-0001',
    getRemainingTimeInMillis: () => remainingMs,
  }) as unknown as Context;
const scheduled = {
  id: '7bf73129-1428-4cd3-a780-95db273d1602',
  'detail-type': 'Scheduled Event',
  time: RUN_TIME,
};

function handlerWith(time = virtualTime()) {
  return createHandler({
    query: new AthenaAuditQuery(new AthenaClient({ region: 'us-east-1' }), {
      workGroup: WORKGROUP,
      namedQueryId: 'nq-0001',
    }),
    publisher: new SnsReportPublisher(new SNSClient({ region: 'us-east-1' }), TOPIC),
    expectations: EXPECTATIONS,
    workGroup: WORKGROUP,
    runbookPointer: RUNBOOK,
    clock: time.clock,
    sleep: time.sleep,
  });
}
const published = () => sns.commandCalls(PublishCommand).map((c) => c.args[0].input);

beforeEach(() => {
  athena.reset();
  sns.reset();
  athena.on(GetNamedQueryCommand).resolves({
    NamedQuery: { Name: ACCESS_REVIEW_QUERY_NAME, Database: 'phone_robot_dev', QueryString: SQL },
  });
  athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: 'qe-0001' });
  athena.on(StopQueryExecutionCommand).resolves({});
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

describe('access-review handler', () => {
  it('runs the named query for the week before the run and publishes one report', async () => {
    // Prepare
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce({ QueryExecution: { Status: { State: 'QUEUED' } } })
      .resolvesOnce({ QueryExecution: { Status: { State: 'RUNNING' } } })
      .resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena
      .on(GetQueryResultsCommand)
      .resolves(athenaPage([readRow('2026-12-01 10:00:00', ALICE, 'connect/a.wav')]));
    // Act
    const outcome = await handlerWith()(scheduled, context());
    // Assess: the deployed text, its database, the workgroup, quoted parameters, an idempotency token.
    const start = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    expect(start).toEqual({
      QueryString: SQL,
      WorkGroup: WORKGROUP,
      QueryExecutionContext: { Database: 'phone_robot_dev' },
      ExecutionParameters: [
        "'2026-11-30T00:00:00Z'",
        "'2026-12-07T00:00:00Z'",
        "'2026-11-30T00:00:00Z'",
        "'2026-12-07T00:00:00Z'",
      ],
      ClientRequestToken: `access-review-20261207T000000Z-${scheduled.id}`,
    });
    expect(outcome).toEqual({
      kind: 'REPORTED',
      executionId: 'qe-0001',
      reads: 1,
      jobs: 0,
      unexpected: 0,
      listed: 1,
    });
    expect(published()).toHaveLength(1);
    expect(published()[0]).toMatchObject({
      TopicArn: TOPIC,
      Subject: 'phone-robot weekly access review 2026-11-30 to 2026-12-07',
    });
    expect(published()[0]?.Message).toContain(
      `  2026-12-01T10:00:00Z  read  GetObject  OK  ${ALICE}  connect/a.wav`,
    );
    expect(published()[0]?.Message).toContain('Athena query execution qe-0001 in workgroup phone-robot-dev');
  });

  it('says "no recording reads, no transcription jobs" for an empty week', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves(athenaPage([]));
    const outcome = await handlerWith()(scheduled, context());
    expect(outcome).toMatchObject({ kind: 'REPORTED', reads: 0, jobs: 0, listed: 0 });
    expect(published()).toHaveLength(1);
    expect(published()[0]?.Message).toContain('No recording reads, no transcription jobs in this period.');
    expect(published()[0]?.Message).not.toContain('Needs review');
  });

  it.each([
    ['FAILED', 'QUERY_FAILED', 'the Athena query failed'],
    ['CANCELLED', 'QUERY_CANCELLED', 'the Athena query was cancelled'],
  ] as const)(
    'fails a %s query into one NOT COMPLETED message that lists no events',
    async (state, reason, words) => {
      // Prepare
      athena.on(GetQueryExecutionCommand).resolves({
        QueryExecution: { Status: { State: state, StateChangeReason: 'HIVE_BAD_DATA: example' } },
      });
      // Act
      const outcome = await handlerWith()(scheduled, context());
      // Assess
      expect(outcome).toEqual({ kind: 'NOT_COMPLETED', reason, executionId: 'qe-0001' });
      expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
      expect(published()).toHaveLength(1);
      const [message] = published();
      expect(message?.Subject).toBe(
        'phone-robot weekly access review 2026-11-30 to 2026-12-07: NOT COMPLETED',
      );
      expect(message?.Message).toContain(`The review did not complete: ${words} (HIVE_BAD_DATA: example).`);
      expect(message?.Message).toContain('This message lists no events');
      expect(message?.Message).not.toMatch(/connect\/|GetObject/);
    },
  );

  it('fails a query still running at the deadline: stops it and says so, nothing half-sent', async () => {
    // Prepare: Athena never finishes; the invocation has 60 s left.
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'RUNNING' } } });
    const time = virtualTime();
    // Act
    const outcome = await handlerWith(time)(scheduled, context(60_000));
    // Assess
    expect(outcome).toEqual({ kind: 'NOT_COMPLETED', reason: 'TIMED_OUT', executionId: 'qe-0001' });
    expect(athena.commandCalls(StopQueryExecutionCommand)[0]?.args[0].input).toEqual({
      QueryExecutionId: 'qe-0001',
    });
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(0);
    // Stopped before the time kept for one slow call and the publish: 60 s - 2 x 12.5 s - 1 s.
    expect(time.clock().getTime() - Date.parse('2026-12-07T01:00:00.500Z')).toBeLessThanOrEqual(34_000);
    expect(published()).toHaveLength(1);
    expect(published()[0]?.Message).toContain('did not finish in the time the review has');
    expect(published()[0]?.Message).not.toContain('connect/');
  });

  it('fails a result that cannot be read in time: no partial report', async () => {
    // Prepare: the query succeeds; reading the first page takes the time that was left.
    const time = virtualTime();
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).callsFake(() => {
      time.jump(60_000);
      return athenaPage([readRow('2026-12-01 10:00:00', ALICE, 'connect/a.wav')], { nextToken: 'page-2' });
    });
    // Act
    const outcome = await handlerWith(time)(scheduled, context(60_000));
    // Assess
    expect(outcome).toMatchObject({ kind: 'NOT_COMPLETED', reason: 'TIMED_OUT' });
    expect(athena.commandCalls(GetQueryResultsCommand)).toHaveLength(1);
    expect(published()).toHaveLength(1);
    expect(published()[0]?.Message).toContain('only 1 result page(s) were read in time');
    expect(published()[0]?.Message).not.toContain('connect/a.wav');
  });

  it('caps a week of many rows under the SNS limit, with full counts and what was left out', async () => {
    // Prepare: three pages of 1,000 reads by an unexpected principal, long keys.
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    const page = (n: number) =>
      Array.from({ length: 1_000 }, (_, i) =>
        readRow(
          '2026-12-02 08:00:00',
          `arn:aws:sts::${ACCOUNT}:assumed-role/Intruder/s${n}`,
          `connect/phone-robot-dev/CallRecordings/2026/12/02/${String(n * 1_000 + i).padStart(8, '0')}-aaaa-4bbb-8ccc-${'d'.repeat(12)}_20261202T08:00_UTC.wav`,
          'AccessDenied',
        ),
      );
    athena
      .on(GetQueryResultsCommand)
      .resolvesOnce(athenaPage(page(0), { nextToken: 't1' }))
      .resolvesOnce(athenaPage(page(1), { first: false, nextToken: 't2' }))
      .resolves(athenaPage(page(2), { first: false }));
    // Act
    const outcome = await handlerWith()(scheduled, context());
    // Assess
    expect(outcome).toMatchObject({ kind: 'REPORTED', reads: 3_000, unexpected: 3_000 });
    expect(athena.commandCalls(GetQueryResultsCommand).map((c) => c.args[0].input.NextToken)).toEqual([
      undefined,
      't1',
      't2',
    ]);
    const message = published()[0]?.Message ?? '';
    expect(published()).toHaveLength(1);
    expect(new TextEncoder().encode(message).length).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(MAX_MESSAGE_BYTES).toBeLessThan(262_144);
    expect(message).toContain('Recording reads: 3000 (0 allowed, 3000 denied); 3000 not by the auditor');
    expect(message).toMatch(
      /\d+ line\(s\) left out to keep this message under the SNS size limit \(\d+ of 3000 events listed\)/,
    );
    expect(message.trimEnd().endsWith(RUNBOOK)).toBe(true);
    if (outcome.kind === 'REPORTED') expect(outcome.listed).toBeLessThan(3_000);
  });

  it('reports an Athena error as NOT COMPLETED, naming the error', async () => {
    athena.on(StartQueryExecutionCommand).rejects(
      Object.assign(new Error('not authorized to perform athena:StartQueryExecution'), {
        name: 'AccessDeniedException',
      }),
    );
    const outcome = await handlerWith()(scheduled, context());
    expect(outcome).toEqual({ kind: 'NOT_COMPLETED', reason: 'ERROR', executionId: undefined });
    expect(published()[0]?.Message).toContain('AccessDeniedException: not authorized');
    expect(published()[0]?.Message).toContain('no query execution was started');
  });

  it('rejects when the message cannot be published, so Lambda retries the event', async () => {
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
    athena.on(GetQueryResultsCommand).resolves(athenaPage([]));
    sns.on(PublishCommand).rejects(new Error('KMS key disabled'));
    await expect(handlerWith()(scheduled, context())).rejects.toThrow(/KMS key disabled/);
    // One review, one message attempt: the failed publish is not turned into a second message.
    expect(sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  it('rejects an event that is not a scheduled event', async () => {
    await expect(handlerWith()({ time: 'yesterday' }, context())).rejects.toThrow(MalformedEventError);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });
});

describe('review periods and parameters', () => {
  it('ends a period on the hour at least an hour before the run, seven days long', () => {
    expect(reviewWindow(new Date('2026-12-07T01:00:00Z'), 7)).toEqual({
      start: new Date('2026-11-30T00:00:00Z'),
      end: new Date('2026-12-07T00:00:00Z'),
    });
    // A manual run at 14:37 covers the week to 13:00.
    expect(reviewWindow(new Date('2026-12-09T14:37:12Z'), 7).end).toEqual(new Date('2026-12-09T13:00:00Z'));
    expect(() => reviewWindow(new Date(), 0)).toThrow(/whole number >= 1/);
  });

  it('makes request tokens Athena accepts (32 to 128 characters)', () => {
    const window = reviewWindow(new Date(RUN_TIME), 7);
    expect(reviewRequestToken(window, 'x').length).toBe(32);
    expect(reviewRequestToken(window, 'y'.repeat(500)).length).toBeLessThanOrEqual(128);
  });

  it('rejects an execution parameter that could close its quote', () => {
    expect(athenaStringLiteral('2026-11-30T00:00:00Z')).toBe("'2026-11-30T00:00:00Z'");
    expect(() => athenaStringLiteral("2026' OR '1'='1")).toThrow(/not an ISO 8601 instant/);
  });

  it('keeps the SQL unchanged from the file the lake deploys', () => {
    const file = readFileSync(
      new URL(`../../analytics/queries/${ACCESS_REVIEW_QUERY_NAME}.sql`, import.meta.url),
      'utf8',
    );
    expect(SQL).toBe(file.trim());
  });
});

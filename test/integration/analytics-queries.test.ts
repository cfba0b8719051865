import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config';
import { loadNamedQueries } from '../../lib/constructs/analytics-lake/queries';
import type { CallSummary } from '../../local/simulator';
import { freshTables } from '../support/dynamo';

// Handlers log and emit metrics through Powertools singletons created at import: silence them first.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

/**
 * Every named Athena query, unmodified, on DuckDB over a lake written by the real handlers: the
 * scenario suite runs in-process (each scenario on its own simulated day and hour), and each
 * query's rows are compared with values computed independently from the call summaries and the
 * DynamoDB items.
 */

const config = parseConfig({});
const SCENARIO_DIR = new URL('../scenarios/', import.meta.url).pathname;
const CLOUDTRAIL_DIR = new URL('../fixtures/cloudtrail/', import.meta.url).pathname;
const QUERIES = Object.fromEntries(loadNamedQueries().map((q) => [q.name, q.sql]));

type Row = Record<string, unknown>;
let analytics: import('../../local/analytics/duckdb').LocalAnalytics;
let summaries: CallSummary[] = [];
let orders: Row[] = [];

/** A clock that starts at `start` and moves 250 ms per reading: deterministic, never wall time. */
function steppingClock(start: number): () => Date {
  let now = start;
  return () => {
    now += 250;
    return new Date(now);
  };
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));
const day = (iso: string) => iso.slice(0, 10);
const localeOf = (s: CallSummary) => (s.locale === 'zh-CN' ? 'zh-CN' : 'en-US');
const run = async (name: string): Promise<Row[]> => {
  const sql = QUERIES[name];
  if (!sql) throw new Error(`no query ${name}`);
  return [...(await analytics.run(sql)).rows];
};
/** Groups and counts: key -> rows. */
function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

beforeAll(async () => {
  const sim = await import('../../local/simulator');
  const scenario = await import('../../local/scenario');
  const lake = await import('../../local/lake');
  const duck = await import('../../local/analytics/duckdb');
  const { client, names } = await freshTables();
  await sim.seedLocalData(client, names);
  const dir = mkdtempSync(join(tmpdir(), 'phone-robot-analytics-'));
  const store = new lake.LocalDataStore(dir, 'analytics');
  const files = readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const [i, file] of files.entries()) {
    const [loaded] = scenario.loadScenarios(join(SCENARIO_DIR, file));
    if (!loaded) throw new Error(`cannot load ${file}`);
    // Three days, five hours: the by-day and by-hour queries get several groups.
    const start = Date.UTC(2026, 10, 1 + (i % 3), 8 + (i % 5), 0, 0);
    const simulator = sim.Simulator.create({
      config,
      dynamo: client,
      tables: names,
      store,
      clock: steppingClock(start),
    });
    const result = await scenario.runScenario(simulator, config, loaded.scenario);
    if (result.summary) summaries.push(result.summary);
  }
  // A callback contact as Connect would record it for a callback one of these calls booked (an
  // agent calling the caller back): not a robot call, so no query below may count it.
  const booked = summaries.find((x) => x.callbacksQueued > 0);
  if (!booked) throw new Error('the scenario suite books no callback');
  store.append('ctr', [
    {
      AWSContactTraceRecordFormatVersion: '2017-03-10',
      ContactId: 'c0ffee00-0000-4000-8000-00000000cb01',
      InitialContactId: null,
      PreviousContactId: booked.contactId,
      Channel: 'VOICE',
      InitiationMethod: 'CALLBACK',
      InitiationTimestamp: booked.result.endedAt,
      ConnectedToSystemTimestamp: booked.result.endedAt,
      DisconnectTimestamp: booked.result.endedAt,
      LastUpdateTimestamp: booked.result.endedAt,
      DisconnectReason: 'AGENT_DISCONNECT',
      InstanceARN: 'arn:aws:connect:us-east-1:111122223333:instance/00000000-0000-4000-8000-000000000000',
      CustomerEndpoint: { Type: 'TELEPHONE_NUMBER' },
      SystemEndpoint: { Type: 'TELEPHONE_NUMBER', Address: '+15550100' },
      // Whether Connect copies the attributes to the callback is not documented: assume it does.
      Attributes: { ...booked.result.attributes },
      Queue: null,
      Agent: null,
      Recording: null,
    },
  ]);
  const doc = DynamoDBDocumentClient.from(client);
  const ids = new Set(summaries.flatMap((s) => [...s.ordersCreated, ...s.ordersChanged]));
  orders = [];
  for (const orderId of ids) {
    const out = await doc.send(
      new GetCommand({ TableName: names.orders, Key: { orderId }, ConsistentRead: true }),
    );
    if (out.Item) orders.push(out.Item);
  }
  analytics = await duck.LocalAnalytics.open({ lakeDir: join(dir, 'lake'), cloudtrailDir: CLOUDTRAIL_DIR });
});

afterAll(() => {
  analytics?.close();
  summaries = [];
});

describe('named queries on the scenario lake (DuckDB)', () => {
  it('ran the scenario suite into the lake', () => {
    expect(summaries.length).toBeGreaterThanOrEqual(14);
    expect(Object.keys(QUERIES).sort()).toEqual([
      'call-duration',
      'callbacks-by-day',
      'calls-per-hour',
      'consent-rate-by-day',
      'containment',
      'csat-by-intent',
      'intent-distribution',
      'missed-utterances',
      'orders-revenue-by-product-day',
      'recording-access-audit',
      'review-candidates',
      'weekly-access-review',
    ]);
  });

  it('consent-rate-by-day: granted / decisions per day and locale', async () => {
    // Prepare
    const decided = summaries.filter((s) => s.consent !== undefined);
    const expected = [...groupBy(decided, (s) => `${day(s.result.startedAt)}|${localeOf(s)}`)]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, group]) => {
        const granted = group.filter((s) => s.consent === 'GRANTED').length;
        const [d, locale] = key.split('|');
        return {
          day_utc: d,
          locale,
          decisions: group.length,
          granted,
          consent_rate: round(granted / group.length, 4),
          withdrawn: group.filter((s) => s.withdrawn).length,
        };
      });
    // Act
    const rows = await run('consent-rate-by-day');
    // Assess
    expect(rows.map((r) => ({ ...r, consent_rate: round(Number(r.consent_rate), 4) }))).toEqual(expected);
    expect(expected.reduce((n, r) => n + r.granted, 0)).toBeGreaterThan(0);
    expect(expected.reduce((n, r) => n + r.decisions - r.granted, 0)).toBeGreaterThan(0);
  });

  it('containment: calls without a queue transfer per day and locale', async () => {
    const expected = [...groupBy(summaries, (s) => `${day(s.result.startedAt)}|${localeOf(s)}`)]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, group]) => {
        const contained = group.filter((s) => !s.transferredToAgent).length;
        const [d, locale] = key.split('|');
        return {
          day_utc: d,
          locale,
          calls: group.length,
          contained,
          containment_rate: round(contained / group.length, 4),
        };
      });
    const rows = await run('containment');
    expect(rows.map((r) => ({ ...r, containment_rate: round(Number(r.containment_rate), 4) }))).toEqual(
      expected,
    );
    expect(summaries.some((s) => s.transferredToAgent)).toBe(true);
  });

  it('callbacks-by-day: what the out-of-hours offers came to, per day and locale', async () => {
    // The flow sets `callback` only when it made the offer (out of hours, caller ID KNOWN).
    const offered = summaries.filter((s) => s.result.attributes.callback !== undefined);
    const expected = [...groupBy(offered, (s) => `${day(s.result.startedAt)}|${localeOf(s)}`)]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, group]) => {
        const [d, locale] = key.split('|');
        const count = (...states: string[]) =>
          group.filter((s) => states.includes(s.result.attributes.callback ?? '')).length;
        return {
          day_utc: d,
          locale,
          offers: group.length,
          queued: count('QUEUED'),
          declined: count('DECLINED'),
          not_possible: count('NO_NUMBER', 'FAILED'),
        };
      });
    const rows = await run('callbacks-by-day');
    expect(
      rows.map((r) => ({
        ...r,
        offers: Number(r.offers),
        queued: Number(r.queued),
        declined: Number(r.declined),
        not_possible: Number(r.not_possible),
      })),
    ).toEqual(expected);
    // The suite holds every outcome, and the queued ones are the callbacks the flow created.
    expect(expected.reduce((n, r) => n + r.queued, 0)).toBe(
      summaries.reduce((n, s) => n + s.callbacksQueued, 0),
    );
    for (const field of ['queued', 'declined', 'not_possible'] as const) {
      expect(
        expected.some((r) => r[field] > 0),
        field,
      ).toBe(true);
    }
  });

  it('intent-distribution: calls per handled intent and locale, from the intents the flow put in the CTR', async () => {
    // The flow copies the bot's `intents` session attribute into the contact attributes when the
    // bot hands back; a call counts once per intent, '(none)' when nothing was copied.
    const perCall = summaries.flatMap((s) => {
      const intents = s.result.attributes.intents ? [...new Set(s.result.attributes.intents.split(','))] : [];
      return (intents.length > 0 ? intents : ['(none)']).map((intent) => ({ s, intent }));
    });
    expect(perCall.some(({ intent }) => intent === 'PlaceOrder')).toBe(true);
    const counts = groupBy(perCall, ({ s, intent }) => `${localeOf(s)}|${intent}`);
    const expected = [...counts]
      .map(([key, group]) => {
        const [locale, intent] = key.split('|');
        return { locale, intent, calls: group.length };
      })
      .sort(
        (a, b) =>
          (a.locale ?? '').localeCompare(b.locale ?? '') ||
          b.calls - a.calls ||
          (a.intent ?? '').localeCompare(b.intent ?? ''),
      );
    const rows = await run('intent-distribution');
    expect(rows).toEqual(expected);
  });

  it('csat-by-intent: survey scores, low scores and the resolved rate per handled intent and locale', async () => {
    // The flow sets surveyScore (and surveyResolved when answered) as contact attributes; a call
    // counts once per intent it handled, '(none)' when the bot handed nothing back.
    const perCall = summaries.flatMap((s) => {
      const intents = s.result.attributes.intents ? [...new Set(s.result.attributes.intents.split(','))] : [];
      return (intents.length > 0 ? intents : ['(none)']).map((intent) => ({ s, intent }));
    });
    const rated = (s: CallSummary) => s.result.attributes.surveyScore;
    expect(summaries.filter(rated).length).toBeGreaterThanOrEqual(2);
    const expected = [...groupBy(perCall, ({ s, intent }) => `${localeOf(s)}|${intent}`)]
      .map(([key, group]) => {
        const [locale, intent] = key.split('|');
        const scores = group
          .map(({ s }) => rated(s))
          .filter((v) => v !== undefined)
          .map(Number);
        const answered = group.filter(({ s }) => s.result.attributes.surveyResolved !== undefined);
        const yes = answered.filter(({ s }) => s.result.attributes.surveyResolved === 'yes');
        return {
          locale,
          intent,
          calls: group.length,
          rated: scores.length,
          avg_score: scores.length ? round(scores.reduce((a, b) => a + b, 0) / scores.length, 2) : null,
          low_scores: scores.filter((n) => n <= 2).length,
          resolved_rate: answered.length ? round(yes.length / answered.length, 4) : null,
        };
      })
      .sort(
        (a, b) =>
          (a.locale ?? '').localeCompare(b.locale ?? '') ||
          b.rated - a.rated ||
          (a.intent ?? '').localeCompare(b.intent ?? ''),
      );
    const rows = await run('csat-by-intent');
    expect(
      rows.map((r) => ({
        ...r,
        avg_score: r.avg_score === null ? null : round(Number(r.avg_score), 2),
        resolved_rate: r.resolved_rate === null ? null : round(Number(r.resolved_rate), 4),
      })),
    ).toEqual(expected);
    expect(expected.some((r) => r.low_scores > 0)).toBe(true);
  });

  it("missed-utterances: the consenting caller's sentence, and only a count for the declined one", async () => {
    const rows = await run('missed-utterances');
    expect(rows).toEqual([
      { locale: 'en-US', utterance: 'do the lights flicker with old dimmer switches', times: 1 },
      { locale: 'en-US', utterance: 'the blue one with the thing on top', times: 1 },
      { locale: 'zh-CN', utterance: '(words not kept: the caller did not consent)', times: 1 },
    ]);
    expect(JSON.stringify(rows)).not.toContain('下雨');
  });

  it('review-candidates: every fallback, and low-confidence turns, with words only for consenting callers', async () => {
    const rows = await run('review-candidates');
    const fallbacks = rows.filter((r) => r.outcome === 'FALLBACK');
    // The same two fallbacks missed-utterances reports, the declined caller's without words.
    expect(fallbacks.map((r) => [r.locale, r.text, r.utterance, r.times])).toEqual(
      expect.arrayContaining([
        ['en-US', 'the blue one with the thing on top', 'the blue one with the thing on top', 1],
        ['zh-CN', null, '(words not kept)', 1],
      ]),
    );
    for (const r of rows) {
      // Below 0.5, shown rounded to two decimals (0.498 reads 0.5).
      if (r.outcome !== 'FALLBACK') expect(Number(r.confidence ?? 0)).toBeLessThanOrEqual(0.5);
    }
    expect(JSON.stringify(rows)).not.toContain('下雨');
    // What the caller reached next, written by the code hook's turn records through the real flow
    // (said-again-en.json, fallback-en.json): the review loop's evidence; never for words not kept.
    const said = (text: string) => rows.find((r) => r.text === text)?.said_again_as;
    expect(said('do the lights flicker with old dimmer switches')).toBe('ProductInfo');
    expect(said('the blue one with the thing on top')).toBe('Goodbye');
    expect(rows.filter((r) => r.text === null).every((r) => r.said_again_as === null)).toBe(true);
  });

  it('orders-revenue-by-product-day: orders, cancellations and revenue from the final order items', async () => {
    const expected = [...groupBy(orders, (o) => `${day(String(o.createdAt))}|${o.sku}|${o.currency}`)]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, group]) => {
        const [d, sku, currency] = key.split('|');
        const live = group.filter((o) => !['CANCELLED', 'REFUND_DUE', 'REFUNDED'].includes(String(o.status)));
        return {
          day_utc: d,
          sku,
          currency,
          orders: group.length,
          cancelled: group.length - live.length,
          revenue: live.reduce((n, o) => n + Number(o.totalMinor), 0) / 100,
        };
      });
    const rows = await run('orders-revenue-by-product-day');
    expect(orders.length).toBeGreaterThanOrEqual(2);
    expect(rows).toEqual(expected);
  });

  it('call-duration: average seconds from initiation to disconnect per locale', async () => {
    const expected = [...groupBy(summaries, localeOf)]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([locale, group]) => ({
        locale,
        calls: group.length,
        mean:
          group.reduce((n, s) => n + Date.parse(s.result.endedAt) - Date.parse(s.result.startedAt), 0) /
          group.length /
          1000,
      }));
    const rows = await run('call-duration');
    expect(rows.map((r) => ({ locale: r.locale, calls: r.calls }))).toEqual(
      expected.map((r) => ({ locale: r.locale, calls: r.calls })),
    );
    // The query rounds the mean to milliseconds: within half a millisecond of the exact mean.
    rows.forEach((r, i) => {
      expect(
        Math.abs(Number(r.avg_duration_seconds) - (expected[i]?.mean ?? Number.NaN)),
      ).toBeLessThanOrEqual(0.0005 + 1e-9);
    });
    expect(expected.every((r) => r.mean > 0)).toBe(true);
  });

  it('calls-per-hour: calls by UTC hour of initiation', async () => {
    const expected = [...groupBy(summaries, (s) => String(new Date(s.result.startedAt).getUTCHours()))]
      .map(([hour, group]) => ({ hour_utc: Number(hour), calls: group.length }))
      .sort((a, b) => a.hour_utc - b.hour_utc);
    const rows = await run('calls-per-hour');
    expect(rows).toEqual(expected);
    expect(rows.length).toBe(5);
  });

  it('recording-access-audit: reads of recordings from the CloudTrail fixtures, newest first', async () => {
    const rows = await run('recording-access-audit');
    expect(rows.map((r) => [r.action, String(r.principal_arn).split('/').at(-1), r.outcome])).toEqual([
      ['HeadObject', 'alice', 'OK'],
      ['GetObject', 'bob', 'AccessDenied'],
      ['GetObject', 'alice', 'OK'],
      ['GetObject', 'transcribe', 'OK'],
    ]);
    // Writes, non-recording keys and KMS events are not recording reads.
    expect(rows.every((r) => String(r.recording_key).startsWith('connect/'))).toBe(true);
  });
});

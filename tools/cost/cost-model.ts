import { z } from 'zod';
import { type Locale, SUPPORTED_LOCALES } from '../../lambdas/contracts/locales';

/**
 * The cost model behind `npm run cost`: per-call and monthly cost by service from the dated
 * price table `data/prices.json`, next to what the same calls would cost with human agents.
 * Kept with the assurance code because the periodic evaluation (C13) reviews it with the rest.
 */

const num = z.number().nonnegative();

/** Shape of `data/prices.json`. */
export const priceTableSchema = z.object({
  asOf: z.iso.date(),
  region: z.string(),
  currency: z.literal('USD'),
  sources: z.record(z.string(), z.url()),
  prices: z.object({
    connectVoicePerMinute: num,
    connectInboundDidPerMinute: num,
    connectDidNumberPerDay: num,
    lexSpeechRequest: num,
    lambdaArmPerGbSecond: num,
    lambdaPerMillionRequests: num,
    dynamodbPerMillionWriteUnits: num,
    dynamodbPerMillionReadUnits: num,
    dynamodbStoragePerGbMonth: num,
    dynamodbPitrPerGbMonth: num,
    transcribeBatchPerMinute: num,
    transcribePiiRedactionPerMinute: num,
    s3StandardPerGbMonth: num,
    s3GlacierInstantPerGbMonth: num,
    s3PutPerThousand: num,
    s3GetPerThousand: num,
    kmsKeyPerMonth: num,
    kmsPerTenThousandRequests: num,
    secretPerMonth: num,
    kinesisOnDemandStreamPerHour: num,
    kinesisOnDemandPerGbIngested: num,
    firehosePerGbIngested: num,
    athenaPerTbScanned: num,
  }),
  assumptions: z.object({
    consentRate: z.number().min(0).max(1),
    lexSpeechRequestsPerMinute: num,
    ordersPerCall: num,
    lambda: z.object({
      invocationsPerCallFixed: num,
      invocationsPerLexRequest: num,
      averageDurationMs: num,
      memoryMb: num,
    }),
    dynamodb: z.object({
      writeUnitsPerCallFixed: num,
      writeUnitsPerOrder: num,
      readUnitsPerLexRequest: num,
      itemBytesPerCall: num,
    }),
    recording: z.object({ megabytesPerMinute: num, coldStorageAfterDays: num, retentionDays: num }),
    lake: z.object({
      recordsPerCall: num,
      recordsPerOrder: num,
      billedBytesPerRecord: num,
      transcriptKilobytesPerMinute: num,
      lakeRetentionDays: num,
    }),
    kms: z.object({ requestsPerCall: num, keys: num }),
    secrets: num,
    kinesisStreams: num,
    athena: z.object({ queriesPerMonth: num, megabytesScannedPerQuery: num }),
    humanAgent: z.object({ costPerMinute: num, averageHandleTimeFactor: num }),
  }),
});
/** A validated price table. */
export type PriceTable = z.infer<typeof priceTableSchema>;

/** Inputs of one estimate. */
export interface CostInput {
  readonly callsPerMonth: number;
  /** Average call length in minutes. */
  readonly minutesPerCall: number;
  /** Caller locale: decides whether Transcribe's own PII redaction is billed (not for zh-CN). */
  readonly locale: Locale;
}

/** Cost of one service. */
export interface ServiceCost {
  readonly service: string;
  /** Usage-driven cost of one call. */
  readonly perCall: number;
  /** Cost per month that does not depend on calls (numbers, keys, streams). */
  readonly fixedMonthly: number;
  /** perCall × calls + fixedMonthly. */
  readonly monthly: number;
  /** How the number was computed, for the printout. */
  readonly basis: string;
}

/** A complete estimate. */
export interface CostEstimate {
  readonly input: CostInput;
  readonly pricesAsOf: string;
  readonly lines: readonly ServiceCost[];
  readonly monthlyTotal: number;
  /** monthlyTotal / callsPerMonth: fixed costs spread over the calls. */
  readonly perCallTotal: number;
  readonly humanAgent: { readonly perCall: number; readonly monthly: number };
}

const DAYS_PER_MONTH = 365 / 12;
const HOURS_PER_MONTH = 24 * DAYS_PER_MONTH;
const GB = 1024;

/** Transcribe redacts PII itself only for these locales; zh-CN relies on our redactor alone. */
export const TRANSCRIBE_PII_LOCALES: ReadonlySet<Locale> = new Set(['en-US']);

/** Validates inputs; throws a message naming the bad value. */
function checkInput(input: CostInput): void {
  if (!Number.isInteger(input.callsPerMonth) || input.callsPerMonth < 1)
    throw new Error(`--calls-per-month must be a whole number >= 1, got ${input.callsPerMonth}`);
  if (!(input.minutesPerCall > 0 && input.minutesPerCall <= 240))
    throw new Error(`--minutes must be between 0 and 240, got ${input.minutesPerCall}`);
  if (!SUPPORTED_LOCALES.includes(input.locale))
    throw new Error(`--locale must be one of ${SUPPORTED_LOCALES.join(', ')}, got ${input.locale}`);
}

/**
 * Estimates per-call and monthly cost by service.
 *
 * @param table the dated price table (validate with {@link priceTableSchema})
 */
export function estimateCost(table: PriceTable, input: CostInput): CostEstimate {
  checkInput(input);
  const p = table.prices;
  const a = table.assumptions;
  const { callsPerMonth: calls, minutesPerCall: minutes } = input;
  const recorded = a.consentRate;
  const lexRequests = minutes * a.lexSpeechRequestsPerMinute;
  const lines: ServiceCost[] = [];
  const line = (service: string, perCall: number, fixedMonthly: number, basis: string) =>
    lines.push({ service, perCall, fixedMonthly, monthly: perCall * calls + fixedMonthly, basis });

  line(
    'Connect voice + number',
    minutes * (p.connectVoicePerMinute + p.connectInboundDidPerMinute),
    p.connectDidNumberPerDay * DAYS_PER_MONTH,
    `${minutes} min × (voice ${p.connectVoicePerMinute} + DID ${p.connectInboundDidPerMinute}); 1 DID number`,
  );
  line(
    'Lex speech requests',
    lexRequests * p.lexSpeechRequest,
    0,
    `${lexRequests} requests × ${p.lexSpeechRequest}`,
  );
  const invocations = a.lambda.invocationsPerCallFixed + lexRequests * a.lambda.invocationsPerLexRequest;
  const gbSeconds = invocations * (a.lambda.averageDurationMs / 1000) * (a.lambda.memoryMb / GB);
  line(
    'Lambda',
    gbSeconds * p.lambdaArmPerGbSecond + (invocations / 1e6) * p.lambdaPerMillionRequests,
    0,
    `${invocations} invocations, ${gbSeconds.toFixed(3)} GB-s (ARM)`,
  );
  const writes = a.dynamodb.writeUnitsPerCallFixed + a.ordersPerCall * a.dynamodb.writeUnitsPerOrder;
  const reads = lexRequests * a.dynamodb.readUnitsPerLexRequest;
  const storedGbMonths =
    (a.dynamodb.itemBytesPerCall / GB ** 3) * (a.recording.retentionDays / DAYS_PER_MONTH);
  line(
    'DynamoDB',
    (writes / 1e6) * p.dynamodbPerMillionWriteUnits +
      (reads / 1e6) * p.dynamodbPerMillionReadUnits +
      storedGbMonths * (p.dynamodbStoragePerGbMonth + p.dynamodbPitrPerGbMonth),
    0,
    `${writes} WRU, ${reads} RRU, storage + PITR over the retention`,
  );
  const redaction = TRANSCRIBE_PII_LOCALES.has(input.locale) ? p.transcribePiiRedactionPerMinute : 0;
  line(
    'Transcribe',
    recorded * minutes * (p.transcribeBatchPerMinute + redaction),
    0,
    `${recorded * 100}% recorded × ${minutes} min × (${p.transcribeBatchPerMinute}${redaction ? ` + PII ${redaction}` : ', own redactor only'})`,
  );
  const recordingGb = (minutes * a.recording.megabytesPerMinute) / GB;
  const hotMonths = Math.min(a.recording.coldStorageAfterDays, a.recording.retentionDays) / DAYS_PER_MONTH;
  const coldMonths =
    Math.max(0, a.recording.retentionDays - a.recording.coldStorageAfterDays) / DAYS_PER_MONTH;
  const transcriptGb = (minutes * a.lake.transcriptKilobytesPerMinute) / GB ** 2;
  line(
    'S3 (vault + lake)',
    recorded *
      (recordingGb * (hotMonths * p.s3StandardPerGbMonth + coldMonths * p.s3GlacierInstantPerGbMonth) +
        transcriptGb * (a.lake.lakeRetentionDays / DAYS_PER_MONTH) * p.s3StandardPerGbMonth +
        (4 / 1000) * p.s3PutPerThousand +
        (2 / 1000) * p.s3GetPerThousand),
    0,
    `${(recordingGb * 1024).toFixed(1)} MB recording kept ${a.recording.retentionDays} d (cold after ${a.recording.coldStorageAfterDays} d)`,
  );
  line(
    'KMS',
    (a.kms.requestsPerCall / 1e4) * p.kmsPerTenThousandRequests,
    a.kms.keys * p.kmsKeyPerMonth + a.secrets * p.secretPerMonth,
    `${a.kms.keys} keys + ${a.secrets} secrets; ${a.kms.requestsPerCall} requests per call`,
  );
  const records = a.lake.recordsPerCall + a.ordersPerCall * a.lake.recordsPerOrder;
  const ingestedGb = (records * a.lake.billedBytesPerRecord) / GB ** 3;
  line(
    'Kinesis + Firehose',
    ingestedGb * (p.firehosePerGbIngested + p.kinesisOnDemandPerGbIngested),
    a.kinesisStreams * p.kinesisOnDemandStreamPerHour * HOURS_PER_MONTH,
    `${records} records of ${a.lake.billedBytesPerRecord / 1024} KB billed; ${a.kinesisStreams} on-demand streams`,
  );
  const scannedTb = (a.athena.queriesPerMonth * Math.max(10, a.athena.megabytesScannedPerQuery)) / GB ** 2;
  line(
    'Athena',
    0,
    scannedTb * p.athenaPerTbScanned,
    `${a.athena.queriesPerMonth} queries × ${a.athena.megabytesScannedPerQuery} MB`,
  );

  const monthlyTotal = lines.reduce((s, l) => s + l.monthly, 0);
  const agentMinutes = minutes * a.humanAgent.averageHandleTimeFactor;
  const agentPerCall =
    agentMinutes * (a.humanAgent.costPerMinute + p.connectVoicePerMinute + p.connectInboundDidPerMinute);
  return {
    input,
    pricesAsOf: table.asOf,
    lines,
    monthlyTotal,
    perCallTotal: monthlyTotal / calls,
    humanAgent: { perCall: agentPerCall, monthly: agentPerCall * calls },
  };
}

const usd = (n: number, digits = 4) => `$${n.toFixed(digits)}`;

/** The estimate as a plain-text table. */
export function formatEstimate(e: CostEstimate): string {
  const { callsPerMonth, minutesPerCall, locale } = e.input;
  const rows = e.lines.map(
    (l) =>
      `${l.service.padEnd(24)} ${usd(l.perCall, 6).padStart(10)} ${usd(l.fixedMonthly, 2).padStart(10)} ${usd(l.monthly, 2).padStart(12)}  ${l.basis}`,
  );
  return [
    `phone-robot cost: ${callsPerMonth} calls/month × ${minutesPerCall} min, ${locale}, prices as of ${e.pricesAsOf}`,
    '',
    `${'service'.padEnd(24)} ${'per call'.padStart(10)} ${'fixed/mo'.padStart(10)} ${'monthly'.padStart(12)}  basis`,
    ...rows,
    '',
    `robot total: ${usd(e.perCallTotal)} per call (fixed costs included), ${usd(e.monthlyTotal, 2)} per month`,
    `human agents: ${usd(e.humanAgent.perCall)} per call, ${usd(e.humanAgent.monthly, 2)} per month (assumption: data/prices.json humanAgent)`,
  ].join('\n');
}

import { z } from 'zod';
import { CATALOG } from '../lambdas/contracts/catalog';
import type { PaymentGatewayName, StripeMode } from '../lambdas/contracts/env/payment';
import { type Locale, SUPPORTED_LOCALES } from '../lambdas/contracts/locales';

/** Object Lock modes: GOVERNANCE can be bypassed with a special permission, COMPLIANCE by nobody. */
export const OBJECT_LOCK_MODES = ['GOVERNANCE', 'COMPLIANCE'] as const;
/** Phone number types Amazon Connect can claim. */
export const PHONE_NUMBER_TYPES = [
  'DID',
  'TOLL_FREE',
  'UIFN',
  'SHARED',
  'THIRD_PARTY_DID',
  'THIRD_PARTY_TF',
] as const;
/**
 * Gateways an operator can choose (`-c paymentGateway=...`). The payment function also knows
 * `disabled`, which the configuration picks itself for a prod stage without card payments.
 */
export const CONFIGURABLE_PAYMENT_GATEWAYS = [
  'sandbox',
  'stripe',
] as const satisfies readonly PaymentGatewayName[];
/** A Secrets Manager secret ARN, complete (name and 6-character suffix) or partial (name only). */
/** An End User Messaging SMS origination identity: a phone number or a pool, by ARN. */
export const TEXT_ORIGINATION_ARN_PATTERN =
  /^arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:(?:phone-number|pool)\/[A-Za-z0-9_-]{1,64}$/;

export const SECRET_ARN_PATTERN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/;
/** Retention values CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * How to fix each configuration key, shown next to a validation error so that a bad
 * `-c key=value` tells the operator what to pass instead.
 */
const FIXES: Record<string, string> = {
  stage: 'pass -c stage=dev or -c stage=prod',
  retentionDays: 'pass -c retentionDays=<whole days from 1 to 3650>, e.g. -c retentionDays=365',
  objectLockMode: 'pass -c objectLockMode=GOVERNANCE (dev only) or -c objectLockMode=COMPLIANCE',
  coldStorageAfterDays: 'pass -c coldStorageAfterDays=<days from 30>, e.g. 90',
  locales: `pass -c locales=<comma-separated list of ${SUPPORTED_LOCALES.join(', ')}>`,
  defaultLocale: 'pass -c defaultLocale=<one of the configured locales>',
  noticeVersion: 'pass -c noticeVersion=<version such as 2026-11-01 or 3.1>',
  alertEmails: 'pass -c alertEmails=<comma-separated e-mail addresses>',
  connectInstanceAlias: 'pass -c connectInstanceAlias=<1-45 lower-case letters, digits, hyphens>',
  phoneCountryCode: 'pass -c phoneCountryCode=<ISO 3166-1 alpha-2 code such as US or GB>',
  phoneNumberType: `pass -c phoneNumberType=<one of ${PHONE_NUMBER_TYPES.join(', ')}>`,
  logRetentionDays: `pass -c logRetentionDays=<one of ${LOG_RETENTION_DAYS.join(', ')}>`,
  maxOrderQuantity: 'pass -c maxOrderQuantity=<whole number from 1 to 1000>',
  refundAlarmHours: 'pass -c refundAlarmHours=<whole hours from 1 to 720>, e.g. 24',
  agentTimeZone: 'pass -c agentTimeZone=<IANA time zone such as Asia/Shanghai or America/New_York>',
  paymentKeyId: 'pass -c paymentKeyId=<the key id Connect assigned to your uploaded encryption key>',
  keepOriginalRecording:
    'pass -c keepOriginalRecording=true to keep the unredacted original in a separate auditor-only vault, or false (the default)',
  originalRetentionDays:
    'pass -c originalRetentionDays=<whole days from 1 to retentionDays>; it only applies with keepOriginalRecording=true',
  paymentGateway:
    'pass -c paymentGateway=stripe -c stripeSecretArn=<ARN of the secret with the Stripe secret key>, or -c paymentGateway=sandbox (dev only: it moves no money)',
  stripeSecretArn:
    'create a Secrets Manager secret holding the Stripe secret key (README, "Card payments with Stripe") and pass -c stripeSecretArn=<its complete ARN>, e.g. arn:aws:secretsmanager:us-east-1:111122223333:secret:phone-robot/stripe-AbC123',
  textOriginationArn:
    'register an SMS-capable phone number (or pool) in AWS End User Messaging SMS (README, "Texting product links") and pass -c textOriginationArn=<its ARN>, e.g. arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef0123456789abcdef',
  textSenderName:
    'pass -c textSenderName=<the brand your texts are sent as, 2-20 letters, digits or spaces, e.g. "Example Shop">',
  textCountryCodes:
    'pass -c textCountryCodes=<the country calling codes your origination identity can text, comma-separated, e.g. 1 for a US number (US and Canada) or 1,44>',
  paymentCertificate:
    'pass -c paymentCertificateFile=signing-cert.pem (a PEM certificate signed by that key; the CDK CLI cuts a multi-line -c value at its first newline), or put the PEM in cdk.context.json',
};

/** Placeholder payment key id until an operator uploads a key to Connect (payments then fail closed). */
export const PAYMENT_KEY_ID_PLACEHOLDER = '00000000-0000-4000-8000-0000000000aa';
/** Placeholder certificate; a flow with it cannot encrypt real card input. */
export const PAYMENT_CERTIFICATE_PLACEHOLDER =
  '-----BEGIN CERTIFICATE-----\nPLACEHOLDER-set-paymentCertificate\n-----END CERTIFICATE-----';

/** A comma-separated string from `-c key=a,b` or an array from cdk.json. */
const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s.length > 0)
        : v,
    z.array(item),
  );

/** `-c key=true` arrives as the string "true"; cdk.json gives a boolean. */
const flag = () =>
  z.preprocess(
    (v) => (v === 'true' ? true : v === 'false' ? false : v),
    z.boolean({ error: 'must be true or false' }),
  );

/** `-c key=7` arrives as the string "7"; cdk.json gives a number. */
const wholeNumber = (min: number, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z.number().int().min(min).max(max),
  );

/** True for a time zone name the runtime's ICU knows, e.g. `Asia/Shanghai`. */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return name.includes('/') || name === 'UTC';
  } catch {
    return false;
  }
}

const rawSchema = z.object({
  stage: z.enum(['dev', 'prod']).default('dev'),
  retentionDays: wholeNumber(1, 3650).default(365),
  objectLockMode: z.enum(OBJECT_LOCK_MODES).optional(),
  coldStorageAfterDays: wholeNumber(30, 3650).default(90),
  keepOriginalRecording: flag().default(false),
  originalRetentionDays: wholeNumber(1, 3650).optional(),
  locales: list(z.enum(SUPPORTED_LOCALES)).default([...SUPPORTED_LOCALES]),
  defaultLocale: z.enum(SUPPORTED_LOCALES).optional(),
  noticeVersion: z
    .string()
    .regex(/^[0-9A-Za-z][0-9A-Za-z.-]{0,31}$/, 'must be 1-32 letters, digits, dots or hyphens')
    .default('2026-12-01'),
  alertEmails: list(z.email()).default([]),
  connectInstanceAlias: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]{0,43}[a-z0-9])?$/, 'must be 1-45 lower-case letters, digits or hyphens')
    .optional(),
  phoneCountryCode: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code')
    .default('US'),
  phoneNumberType: z.enum(PHONE_NUMBER_TYPES).default('DID'),
  logRetentionDays: z
    .preprocess(
      (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
      z
        .number()
        .int()
        .refine((n) => (LOG_RETENTION_DAYS as readonly number[]).includes(n), {
          message: `must be one of ${LOG_RETENTION_DAYS.join(', ')} (at least 180 days)`,
        }),
    )
    .default(365),
  maxOrderQuantity: wholeNumber(1, 1000).default(20),
  refundAlarmHours: wholeNumber(1, 720).default(24),
  agentTimeZone: z.string().refine(isTimeZone, 'must be an IANA time zone name').default('Asia/Shanghai'),
  paymentKeyId: z
    .string()
    .regex(/^[0-9a-fA-F-]{8,64}$/, 'must be the key id (UUID) Connect assigned to the uploaded key')
    .default(PAYMENT_KEY_ID_PLACEHOLDER),
  paymentGateway: z.enum(CONFIGURABLE_PAYMENT_GATEWAYS).optional(),
  stripeSecretArn: z
    .string()
    .regex(
      SECRET_ARN_PATTERN,
      'must be the ARN of a Secrets Manager secret (arn:aws:secretsmanager:...:secret:...)',
    )
    .optional(),
  textOriginationArn: z
    .string()
    .regex(
      TEXT_ORIGINATION_ARN_PATTERN,
      'must be the ARN of an AWS End User Messaging phone number or pool (arn:aws:sms-voice:<region>:<account>:phone-number/<id> or :pool/<id>)',
    )
    .optional(),
  textSenderName: z
    .string()
    .regex(
      /^[\p{L}\p{N}][\p{L}\p{N} &'.-]{0,18}[\p{L}\p{N}.]$/u,
      "must be 2-20 letters, digits, spaces or & ' . - (the brand texts are sent as)",
    )
    .optional(),
  textCountryCodes: z
    .string()
    .regex(
      /^[1-9]\d{0,2}(?:,[1-9]\d{0,2})*$/,
      'must be country calling codes without "+", comma-separated (e.g. 1 or 1,44)',
    )
    .default('1'),
  paymentCertificate: z
    .string()
    .refine(
      (v) => v.includes('BEGIN CERTIFICATE') && v.includes('END CERTIFICATE'),
      'must be a PEM certificate',
    )
    .default(PAYMENT_CERTIFICATE_PLACEHOLDER),
});

/** The validated, fully-defaulted configuration every stack receives. */
export interface AppConfig {
  /** Deployment stage; prod turns on termination and deletion protection. */
  readonly stage: 'dev' | 'prod';
  /** Days a recording stays locked (Object Lock default retention) and kept. */
  readonly retentionDays: number;
  /** Object Lock mode of the recording vault; always COMPLIANCE in prod. */
  readonly objectLockMode: (typeof OBJECT_LOCK_MODES)[number];
  /** Days after which recordings move to colder storage. */
  readonly coldStorageAfterDays: number;
  /**
   * Keep the unredacted original as well, in a second locked vault only the auditor reads: evidence
   * of what was said, against data minimisation (README, "Keeping the original recording"). Off by default.
   */
  readonly keepOriginalRecording: boolean;
  /** Days an original is locked and kept (at most `retentionDays`); meaningful only when kept. */
  readonly originalRetentionDays: number;
  /** Locales offered to callers, in menu order. */
  readonly locales: readonly Locale[];
  /** Locale used before the caller chooses one. */
  readonly defaultLocale: Locale;
  /** Version of the recording notice; stored with every consent decision. */
  readonly noticeVersion: string;
  /** Addresses subscribed to the alert topic. */
  readonly alertEmails: readonly string[];
  /** Amazon Connect instance alias (globally unique). */
  readonly connectInstanceAlias: string;
  /** Country of the claimed phone number. */
  readonly phoneCountryCode: string;
  /** Type of the claimed phone number. */
  readonly phoneNumberType: (typeof PHONE_NUMBER_TYPES)[number];
  /** Retention of every log group, in days. */
  readonly logRetentionDays: number;
  /** Largest quantity one order line may have. */
  readonly maxOrderQuantity: number;
  /** Hours a cancelled paid order may wait for its refund before the alarm fires. */
  readonly refundAlarmHours: number;
  /** Time zone of the human agents' opening hours. */
  readonly agentTimeZone: string;
  /** Key id of the Connect encryption key for card input (placeholder until configured). */
  readonly paymentKeyId: string;
  /** PEM certificate signed by that key, used by the flow to encrypt card input. */
  readonly paymentCertificate: string;
  /**
   * The gateway the payment function charges through: `sandbox` moves no money (dev only),
   * `stripe` charges through Stripe, `disabled` refuses every charge (prod without card payments).
   */
  readonly paymentGateway: PaymentGatewayName;
  /** ARN of the operator-created secret holding the Stripe key; set exactly when the gateway is `stripe`. */
  readonly stripeSecretArn?: string;
  /** The Stripe environment the key must belong to: `live` in prod, `test` in dev; set with the ARN. */
  readonly stripeMode?: StripeMode;
  /**
   * The End User Messaging phone number or pool product-link texts go out from; unset, the robot
   * offers no links and tells a caller who asks that this line sends no texts.
   */
  readonly textOriginationArn?: string;
  /**
   * The brand a product-link text names as its sender ("Example Shop: …", 【Example Shop】…): US
   * carriers require a message to identify its program, and China a signature in 【】. Required with
   * textOriginationArn.
   */
  readonly textSenderName?: string;
  /**
   * Country calling codes (E.164, no "+") the origination identity can text: a caller whose number
   * has another is neither offered a link nor sent one. Default `1` (US and Canada, the reach of a
   * US number).
   */
  readonly textCountryCodes: readonly string[];
}

/** A configuration value that failed validation; its message names field, value and fix. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid phone-robot configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const show = (value: unknown): string => (value === undefined ? '(unset)' : JSON.stringify(value));

/**
 * Validates raw CDK context values into an {@link AppConfig}.
 *
 * @param raw context values by key (strings from `-c`, any JSON from cdk.json)
 * @throws ConfigError naming every bad field, its value and the fix
 */
export function parseConfig(raw: Readonly<Record<string, unknown>>): AppConfig {
  const parsed = rawSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = String(issue.path[0] ?? '(root)');
      return `${field} = ${show(raw[field])}: ${issue.message}; fix: ${FIXES[field] ?? 'see the configuration reference in README.md'}`;
    });
    throw new ConfigError(problems);
  }
  const c = parsed.data;
  const problems: string[] = [];
  const objectLockMode = c.objectLockMode ?? (c.stage === 'prod' ? 'COMPLIANCE' : 'GOVERNANCE');
  if (c.stage === 'prod' && objectLockMode !== 'COMPLIANCE') {
    problems.push(
      `objectLockMode = ${show(objectLockMode)}: prod recordings must be locked in COMPLIANCE mode; fix: ${FIXES.objectLockMode}`,
    );
  }
  const locales = [...new Set(c.locales)];
  if (locales.length === 0) {
    problems.push(`locales = ${show(raw.locales)}: at least one locale is required; fix: ${FIXES.locales}`);
  }
  const defaultLocale = c.defaultLocale ?? locales[0] ?? 'en-US';
  if (locales.length > 0 && !locales.includes(defaultLocale)) {
    problems.push(
      `defaultLocale = ${show(defaultLocale)}: must be one of the configured locales ${locales.join(', ')}; fix: ${FIXES.defaultLocale}`,
    );
  }
  const originalRetentionDays = c.originalRetentionDays ?? c.retentionDays;
  if (originalRetentionDays > c.retentionDays) {
    problems.push(
      `originalRetentionDays = ${show(raw.originalRetentionDays)}: an original cannot be kept longer than its redacted copy (retentionDays = ${c.retentionDays}); fix: ${FIXES.originalRetentionDays}`,
    );
  }
  if (c.originalRetentionDays !== undefined && !c.keepOriginalRecording) {
    problems.push(
      `originalRetentionDays = ${show(raw.originalRetentionDays)}: no original is kept (keepOriginalRecording is false); fix: drop originalRetentionDays, or pass -c keepOriginalRecording=true`,
    );
  }
  const takesPayments =
    c.paymentKeyId !== PAYMENT_KEY_ID_PLACEHOLDER && c.paymentCertificate !== PAYMENT_CERTIFICATE_PLACEHOLDER;
  const paymentGateway = gatewayOf(c.stage, c.paymentGateway, takesPayments, problems);
  if (paymentGateway === 'stripe' && c.stripeSecretArn === undefined) {
    problems.push(
      `stripeSecretArn = (unset): paymentGateway = "stripe" reads the Stripe secret key from a Secrets Manager secret; fix: ${FIXES.stripeSecretArn}`,
    );
  }
  if (paymentGateway !== 'stripe' && c.stripeSecretArn !== undefined) {
    problems.push(
      `stripeSecretArn = ${show(c.stripeSecretArn)}: only paymentGateway = "stripe" uses it (the gateway is ${show(paymentGateway)}); fix: pass -c paymentGateway=stripe as well, or drop stripeSecretArn`,
    );
  }
  if (c.textOriginationArn !== undefined && c.textSenderName === undefined) {
    problems.push(
      `textSenderName = (unset): textOriginationArn = ${show(c.textOriginationArn)} sends texts, and a text must name its sender (US carriers require the brand, China a 【signature】); fix: ${FIXES.textSenderName}`,
    );
  }
  if (c.textOriginationArn !== undefined && c.stage === 'prod') {
    const placeholders = CATALOG.products.filter((p) => p.link !== undefined && isPlaceholderLink(p.link));
    if (placeholders.length > 0) {
      problems.push(
        `textOriginationArn = ${show(c.textOriginationArn)}: prod would text callers placeholder links (${placeholders.map((p) => p.sku).join(', ')} in data/catalog.json point at example.com); fix: set each product's "link" to its real page, or drop textOriginationArn`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    stage: c.stage,
    retentionDays: c.retentionDays,
    objectLockMode,
    coldStorageAfterDays: c.coldStorageAfterDays,
    keepOriginalRecording: c.keepOriginalRecording,
    originalRetentionDays,
    locales: Object.freeze(locales),
    defaultLocale,
    noticeVersion: c.noticeVersion,
    alertEmails: Object.freeze([...c.alertEmails]),
    connectInstanceAlias: c.connectInstanceAlias ?? `phone-robot-${c.stage}`,
    phoneCountryCode: c.phoneCountryCode,
    phoneNumberType: c.phoneNumberType,
    logRetentionDays: c.logRetentionDays,
    maxOrderQuantity: c.maxOrderQuantity,
    refundAlarmHours: c.refundAlarmHours,
    agentTimeZone: c.agentTimeZone,
    paymentKeyId: c.paymentKeyId,
    paymentCertificate: c.paymentCertificate,
    paymentGateway,
    ...(paymentGateway === 'stripe' && c.stripeSecretArn !== undefined
      ? {
          stripeSecretArn: c.stripeSecretArn,
          // A prod stage with a test key would move no money; dev never charges a real card.
          stripeMode: c.stage === 'prod' ? ('live' as const) : ('test' as const),
        }
      : {}),
    ...(c.textOriginationArn !== undefined ? { textOriginationArn: c.textOriginationArn } : {}),
    ...(c.textSenderName !== undefined ? { textSenderName: c.textSenderName } : {}),
    textCountryCodes: [...new Set(c.textCountryCodes.split(','))],
  });
}

/** A link on a domain reserved for examples (RFC 2606): fine in dev, never sent to a prod caller. */
export function isPlaceholderLink(link: string): boolean {
  const host = new URL(link).hostname.toLowerCase();
  return /(?:^|\.)example\.(?:com|net|org)$/.test(host) || /\.(?:test|example|invalid|localhost)$/.test(host);
}

/**
 * The gateway the payment function gets: the one configured, else the sandbox in dev; in prod
 * `disabled` when no card payments are configured, and no default at all when they are. Pushes a
 * problem (and answers `disabled`) for prod with the sandbox or without a gateway to take payments.
 */
function gatewayOf(
  stage: 'dev' | 'prod',
  configured: (typeof CONFIGURABLE_PAYMENT_GATEWAYS)[number] | undefined,
  takesPayments: boolean,
  problems: string[],
): PaymentGatewayName {
  if (stage === 'dev') return configured ?? 'sandbox';
  if (configured === 'sandbox') {
    problems.push(
      'paymentGateway = "sandbox": the sandbox moves no money and approves its test cards, so a prod stage would tell callers they paid; fix: pass -c paymentGateway=stripe -c stripeSecretArn=<ARN of the secret with the Stripe secret key>, or deploy prod without card payments (no paymentGateway, paymentKeyId or paymentCertificate: callers are told payment by phone comes later), or use -c stage=dev',
    );
    return 'disabled';
  }
  if (configured !== undefined) return configured;
  if (takesPayments) {
    problems.push(
      'paymentGateway = (unset): prod takes card payments (paymentKeyId and paymentCertificate are set) and has no default gateway; fix: pass -c paymentGateway=stripe -c stripeSecretArn=<ARN of the secret with the Stripe secret key>, or deploy prod without paymentKeyId/paymentCertificate',
    );
  }
  return 'disabled';
}

/** Every configuration key, for reading context and for the README reference. */
export const CONFIG_KEYS = Object.keys(rawSchema.shape) as readonly (keyof typeof rawSchema.shape)[];

/**
 * Context keys that name a file whose contents are the value of another key. A PEM certificate
 * spans lines, and the CDK CLI cuts a `-c key=value` at its first newline, so a file is the way to
 * pass one on the command line.
 */
export const FILE_KEYS: Readonly<Record<string, keyof typeof rawSchema.shape>> = {
  paymentCertificateFile: 'paymentCertificate',
};

/** Context keys the CDK and its CLI set themselves (feature flags, internal settings). */
const isCdkKey = (key: string): boolean => key.startsWith('@') || key.includes(':') || CDK_OWN_KEYS.has(key);
const CDK_OWN_KEYS = new Set(['acknowledged-issue-numbers', 'cli-telemetry', 'aws-cdk:enableDiffNoFail']);

/** Edit distance between two keys, case-insensitive (retentiondays → retentionDays is 0). */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) {
      next[j] = Math.min(
        (row[j] ?? 0) + 1,
        (next[j - 1] ?? 0) + 1,
        (row[j - 1] ?? 0) + (x[i - 1] === y[j - 1] ? 0 : 1),
      );
    }
    row = next;
  }
  return row[y.length] ?? 0;
}

/**
 * Resolves the raw context: rejects keys this app does not know (with the closest known key
 * suggested, so `-c retentiondays=5` is not silently ignored) and replaces each file key by the
 * file's contents.
 *
 * @param context every context value the CDK app sees (cdk.json, cdk.context.json, `-c`)
 * @param readFile reads a file named by a file key (relative to the working directory)
 * @returns the values of the configuration keys, by key
 * @throws ConfigError naming each unknown key, its suggestion, or an unreadable file
 */
export function resolveContext(
  context: Readonly<Record<string, unknown>>,
  readFile: (path: string) => string,
): Record<string, unknown> {
  const known = new Set<string>([...CONFIG_KEYS, ...Object.keys(FILE_KEYS)]);
  const problems: string[] = [];
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context)) {
    if (isCdkKey(key)) continue;
    if (!known.has(key)) {
      const closest = [...known].sort((a, b) => distance(key, a) - distance(key, b))[0] ?? '';
      problems.push(`${key}: not a phone-robot setting; did you mean ${closest}? (keys are case-sensitive)`);
      continue;
    }
    const target = FILE_KEYS[key];
    if (target === undefined) {
      raw[key] = value;
      continue;
    }
    if (context[target] !== undefined) {
      problems.push(`${key} and ${target} are both set; fix: keep one of them`);
      continue;
    }
    try {
      raw[target] = readFile(String(value)).trim();
    } catch (e) {
      problems.push(
        `${key} = ${show(value)}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'}); fix: pass a path relative to the project folder`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return raw;
}

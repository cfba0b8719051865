import { z } from 'zod';
import { type Locale, SUPPORTED_LOCALES } from '../locales';
import { type NoticeCatalog, noticeCatalogSchema } from '../notices';
import { TABLE_ENV } from '../tables';

/** Environment variable carrying the ARN of the caller-HMAC secret. */
export const CALLER_HMAC_SECRET_ENV = 'CALLER_HMAC_SECRET_ARN';
/** Environment variable carrying the notices map as JSON (`{"en-US":{"version","sha256"},...}`). */
export const NOTICES_ENV = 'NOTICES';
/** Environment variable carrying the default locale. */
export const DEFAULT_LOCALE_ENV = 'DEFAULT_LOCALE';

/** The consent function's settings, read once at cold start. */
export interface ConsentEnv {
  /** Physical name of the consent ledger table. */
  readonly tableName: string;
  /** ARN of the Secrets Manager secret holding the caller-HMAC key. */
  readonly hmacSecretArn: string;
  /** The notice played in each locale. */
  readonly notices: NoticeCatalog;
  /** Locale used when the flow and the contact name none. */
  readonly defaultLocale: Locale;
}

/** The environment is incomplete or invalid; the message names each variable and the fix. */
export class ConsentEnvError extends Error {
  override name = 'ConsentEnvError';
}

const jsonText = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
    return z.NEVER;
  }
});

/** Each setting and the variable it comes from. */
const VARIABLES = {
  tableName: TABLE_ENV.consentLedger,
  hmacSecretArn: CALLER_HMAC_SECRET_ENV,
  notices: NOTICES_ENV,
  defaultLocale: DEFAULT_LOCALE_ENV,
} as const satisfies Record<keyof ConsentEnv, string>;

const envSchema = z.object({
  tableName: z.string().min(1),
  hmacSecretArn: z.string().min(1),
  notices: jsonText.pipe(noticeCatalogSchema),
  defaultLocale: z.enum(SUPPORTED_LOCALES),
});

/**
 * Validates the consent function's environment. The CDK function construct sets every variable;
 * a failure here is a deployment error, so it is raised at cold start, loudly.
 *
 * @param env usually `process.env`
 * @throws ConsentEnvError naming every bad variable
 */
export function parseConsentEnv(env: Readonly<Record<string, string | undefined>>): ConsentEnv {
  const parsed = envSchema.safeParse({
    tableName: env[VARIABLES.tableName],
    hmacSecretArn: env[VARIABLES.hmacSecretArn],
    notices: env[VARIABLES.notices],
    defaultLocale: env[VARIABLES.defaultLocale],
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const [setting, ...rest] = issue.path.map(String);
      const variable = VARIABLES[setting as keyof ConsentEnv] ?? setting;
      return `${[variable, ...rest].join('.')}: ${issue.message}`;
    });
    throw new ConsentEnvError(
      `invalid consent function environment (set by the consent-ledger construct):\n  - ${problems.join('\n  - ')}`,
    );
  }
  return parsed.data;
}

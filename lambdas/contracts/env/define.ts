import * as z from 'zod/mini';

/**
 * Environment contracts: each function declares, in one module under `lambdas/contracts/env/`,
 * the variables it reads (their names) and one zod schema. The function parses its environment
 * with it once at cold start; the CDK construct sets the same names through intent methods and
 * checks at synth that every required variable is set. One name per value, shared by both sides.
 */

/** One environment variable: its name and the schema of its value (a string from the environment). */
export interface EnvVariable<T = unknown> {
  readonly name: string;
  readonly schema: z.ZodMiniType<T, string | undefined>;
}

/** The settings of a function, each backed by one variable. */
export type EnvSpec = Readonly<Record<string, EnvVariable>>;

/** The parsed settings of a contract. */
export type EnvSettings<S extends EnvSpec> = {
  readonly [K in keyof S]: S[K] extends EnvVariable<infer T> ? T : never;
};

/** A function's environment contract. */
export interface EnvContract<S extends EnvSpec = EnvSpec> {
  /** The function folder under `lambdas/`, named in error messages. */
  readonly functionName: string;
  /** Setting → variable name. */
  readonly variables: { readonly [K in keyof S]: string };
  /** Variables that must be set (a missing optional one takes its default). */
  readonly required: readonly string[];
  /** The one schema: an object keyed by variable name. */
  readonly schema: z.ZodMiniType<Record<string, unknown>, Record<string, string | undefined>>;
  /**
   * Reads and validates the variables.
   *
   * @throws EnvError naming every bad variable and who sets it
   */
  parse(env: Readonly<Record<string, string | undefined>>): EnvSettings<S>;
}

/** The environment is incomplete or invalid: a deployment error, raised at cold start. */
export class EnvError extends Error {
  override name = 'EnvError';
}

/** A non-empty string (table names, ARNs, bucket names). */
export const nonEmpty = (): z.ZodMiniType<string, string | undefined> =>
  z.string().check(z.minLength(1, 'must not be empty'));

/** A JSON value validated by `schema`. */
export function json<T>(schema: z.ZodMiniType<T>): z.ZodMiniType<T, string | undefined> {
  const parsed = z.pipe(
    z.string(),
    z.transform((text: string, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.issues.push({ code: 'custom', message: 'is not valid JSON', input: text });
        return z.NEVER;
      }
    }),
  );
  return z.pipe(parsed, schema) as unknown as z.ZodMiniType<T, string | undefined>;
}

/** A whole number from `min` to `max`, given as digits. */
export function wholeNumber(min: number, max: number): z.ZodMiniType<number, string | undefined> {
  return z.pipe(
    z.string().check(z.regex(/^\d{1,9}$/, 'must be a whole number')),
    z.pipe(z.transform(Number), z.number().check(z.gte(min), z.lte(max))),
  ) as unknown as z.ZodMiniType<number, string | undefined>;
}

/** An optional variable: absent or empty reads as undefined. */
export function optional<T>(
  schema: z.ZodMiniType<T, string | undefined>,
): z.ZodMiniType<T | undefined, string | undefined> {
  return z.pipe(
    z.transform((value: unknown) => (value === '' ? undefined : value)),
    z.optional(schema),
  ) as unknown as z.ZodMiniType<T | undefined, string | undefined>;
}

/** A variable of `name` whose value matches `schema`. */
export function variable<T>(name: string, schema: z.ZodMiniType<T, string | undefined>): EnvVariable<T> {
  return { name, schema };
}

/**
 * Declares a function's environment contract.
 *
 * @param functionName the function folder, for messages
 * @param spec setting → variable (name and schema)
 */
export function defineEnv<const S extends EnvSpec>(functionName: string, spec: S): EnvContract<S> {
  const entries = Object.entries(spec);
  const variables = Object.fromEntries(entries.map(([k, v]) => [k, v.name])) as {
    readonly [K in keyof S]: string;
  };
  const schema = z.object(Object.fromEntries(entries.map(([, v]) => [v.name, v.schema])));
  const required = entries.filter(([, v]) => !v.schema.safeParse(undefined).success).map(([, v]) => v.name);
  return {
    functionName,
    variables,
    required,
    schema: schema as unknown as EnvContract<S>['schema'],
    parse(env) {
      const input = Object.fromEntries(entries.map(([, v]) => [v.name, env[v.name]]));
      const result = schema.safeParse(input);
      if (!result.success) {
        const problems = result.error.issues.map((issue) => {
          const [name, ...rest] = issue.path.map(String);
          const what =
            env[name ?? ''] === undefined
              ? 'is not set'
              : issue.message === 'Invalid input'
                ? `is invalid (${issue.code})`
                : issue.message;
          return `${[name, ...rest].join('.')} ${what}`;
        });
        throw new EnvError(
          `invalid ${functionName} function environment (the CDK construct sets it):\n  - ${problems.join('\n  - ')}`,
        );
      }
      const data = result.data as Record<string, unknown>;
      return Object.fromEntries(entries.map(([k, v]) => [k, data[v.name]])) as EnvSettings<S>;
    },
  };
}

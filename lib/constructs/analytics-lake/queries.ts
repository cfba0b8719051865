import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The named Athena queries, read from `analytics/queries/*.sql`. The same text is deployed as a
 * `CfnNamedQuery` and run by the local analytics CLI on DuckDB, so a query is written once.
 */

/** Folder holding the `.sql` files. */
export const QUERIES_DIR = fileURLToPath(new URL('../../../analytics/queries/', import.meta.url));

/** One named query. */
export interface NamedQuery {
  /** File name without `.sql`, e.g. `consent-rate-by-day`. */
  readonly name: string;
  /** The leading `--` comment lines, joined: what the query answers. */
  readonly description: string;
  /** The SQL text, unchanged. */
  readonly sql: string;
}

/** Athena's limit on a named query's description. */
const MAX_DESCRIPTION = 1024;

/** Parses one query file's text. */
export function parseNamedQuery(name: string, sql: string): NamedQuery {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(name)) {
    throw new Error(`query file name ${name}.sql must be lower-case letters, digits and hyphens`);
  }
  const description = sql
    .split('\n')
    .filter((line) => line.startsWith('--'))
    .map((line) => line.replace(/^--\s?/, '').trim())
    .join(' ')
    .trim();
  if (description.length === 0) {
    throw new Error(`${name}.sql needs a leading "-- what it answers" comment; it becomes the description`);
  }
  const code = sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
  if (code.includes(';')) throw new Error(`${name}.sql must hold one statement without ";"`);
  return { name, description: description.slice(0, MAX_DESCRIPTION), sql: sql.trim() };
}

/** Every named query, sorted by name. */
export function loadNamedQueries(dir: string = QUERIES_DIR): NamedQuery[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) =>
      parseNamedQuery(
        f.slice(0, -'.sql'.length),
        readFileSync(`${dir}${dir.endsWith('/') ? '' : '/'}${f}`, 'utf8'),
      ),
    );
}

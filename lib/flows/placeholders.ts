/** A `<<NAME>>` placeholder in a template (upper-case letters, digits, underscores). */
export const PLACEHOLDER = /<<([A-Z][A-Z0-9_]*)>>/g;
/** Anything that looks like a placeholder, even a malformed one, so nothing slips through. */
const ANY_PLACEHOLDER = /<<[^<>]*>>/g;

/** A template still holds placeholders after rendering; the message names every one. */
export class LeftoverPlaceholderError extends Error {
  constructor(
    readonly tokens: readonly string[],
    readonly where: string,
  ) {
    super(
      `unfilled placeholder${tokens.length > 1 ? 's' : ''} ${tokens.join(', ')} in ${where}; fix: give a value for each in the flow values or remove it from the template`,
    );
    this.name = 'LeftoverPlaceholderError';
  }
}

/**
 * Replaces `<<NAME>>` placeholders in every string (values and keys) of a parsed JSON tree.
 *
 * Works on the parsed tree rather than on JSON text so that a value is inserted as a string and
 * re-serialised by `JSON.stringify`: quotes, new lines and CloudFormation token strings such as
 * `${Token[TOKEN.42]}` survive intact, and a value can never break the JSON structure. Values
 * are not scanned for placeholders again (no recursive expansion).
 *
 * @param template parsed JSON (not mutated)
 * @param values value per placeholder name (without the angle brackets)
 * @returns a new tree; placeholders without a value are left in place (see {@link assertNoPlaceholders})
 */
export function fillPlaceholders<T>(template: T, values: Readonly<Record<string, string>>): T {
  const fill = (s: string): string =>
    s.replace(PLACEHOLDER, (whole, name: string) =>
      Object.hasOwn(values, name) ? (values[name] ?? whole) : whole,
    );
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return fill(node);
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [fill(k), walk(v)]));
    }
    return node;
  };
  return walk(template) as T;
}

/** Lists the distinct placeholders (as written, e.g. `<<QUEUE_ARN>>`) left anywhere in a tree. */
export function findPlaceholders(tree: unknown): string[] {
  return [...new Set(JSON.stringify(tree).match(ANY_PLACEHOLDER) ?? [])].sort();
}

/**
 * Throws when any placeholder is left.
 *
 * @throws LeftoverPlaceholderError naming every leftover token
 */
export function assertNoPlaceholders(tree: unknown, where: string): void {
  const left = findPlaceholders(tree);
  if (left.length > 0) throw new LeftoverPlaceholderError(left, where);
}

/**
 * Text PostgreSQL cannot take: U+0000 (no text value may hold it) and unpaired UTF-16 surrogates (no
 * UTF-8 form; inside a jsonb parameter PostgreSQL refuses them). Either one reaching a statement fails
 * it, and the request with an internal error: callers check text with these first and answer with the
 * caller's error instead. Found by test/integration/fuzz-*.test.ts.
 */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

export const isStorableText = (value: string): boolean => !UNSTORABLE.test(value);

/** The text with each unstorable character written as its \uXXXX escape, so it can be quoted and stored. */
export const escapeUnstorable = (value: string): string =>
  value.replace(UNSTORABLE_ALL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * A copy of `value` with every unstorable string escaped, and the paths (below `path`, dot-separated)
 * of the strings that needed it.
 */
export function storableCopy<T>(value: T, path: string): { value: T; paths: string[] } {
  const paths: string[] = [];
  const walk = (node: unknown, at: string): unknown => {
    if (typeof node === 'string') {
      if (isStorableText(node)) return node;
      paths.push(at);
      return escapeUnstorable(node);
    }
    if (Array.isArray(node)) return node.map((child, i) => walk(child, `${at}.${i}`));
    if (node !== null && typeof node === 'object') {
      // Keeps the prototype: type-graphql's input classes stay what the handlers expect.
      const copy = Object.create(Object.getPrototypeOf(node)) as Record<string, unknown>;
      for (const [key, child] of Object.entries(node)) copy[key] = walk(child, `${at}.${key}`);
      return copy;
    }
    return node;
  };
  const copied = walk(value, path) as T;
  return { value: paths.length > 0 ? copied : value, paths };
}

/**
 * A PostgreSQL array literal for one bound parameter (`= any(?::bigint[])`): knex would otherwise
 * spread a JS array into a list of parameters.
 */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values.map((value) => `"${String(value).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

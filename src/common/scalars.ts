import { GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { DateTimeResolver, JSONResolver } from 'graphql-scalars';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (rejects 2023-02-30). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw new TypeError(`Date must be a calendar date written YYYY-MM-DD, e.g. "2024-10-14"; got ${JSON.stringify(value)}.`);
  }
  return value;
}

/** Calendar dates stay strings end to end, so no time zone can shift them by a day. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'ISO calendar date (日期), written YYYY-MM-DD, e.g. "2024-10-14". No time and no time zone.',
  serialize: (value) => parseDate(value),
  parseValue: parseDate,
  parseLiteral: (ast: ValueNode) => parseDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  description: 'ISO 8601 timestamp with time zone (时间戳), e.g. "2026-11-22T08:00:00.000Z".',
});

export const JSONScalar = new GraphQLScalarType({
  ...JSONResolver.toConfig(),
  description: 'Any JSON value; used for the before/after snapshots of audit entries.',
});

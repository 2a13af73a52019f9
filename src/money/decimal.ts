import Decimal from 'decimal.js';
import { GraphQLScalarType, Kind, ValueNode } from 'graphql';

/** Exact decimal arithmetic with room for any amount the service holds. */
export const Dec = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 60 });
export type Dec = InstanceType<typeof Dec>;

const PLAIN_DECIMAL = /^-?\d+(\.\d{1,6})?$/;
export const MAX_INPUT_DECIMALS = 6;
export const OUTPUT_DECIMALS = 4;

function parseDecimal(value: unknown): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !PLAIN_DECIMAL.test(text)) {
    throw new TypeError(
      `Decimal must be a number in plain notation with at most ${MAX_INPUT_DECIMALS} decimal places, ` +
        `e.g. "1500000.5" (no exponent, no thousands separators); got ${JSON.stringify(value)}.`,
    );
  }
  return new Dec(text).toFixed();
}

/** Fixed 4 decimal places; more only where a stored original amount has them, so no value is ever rounded away. */
export function formatDecimal(value: string | Dec): string {
  const decimal = new Dec(value);
  return decimal.toFixed(Math.max(OUTPUT_DECIMALS, decimal.decimalPlaces()));
}

export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description:
    'Exact decimal number as a string, e.g. "1500000.0000" (never a float). Output has 4 decimal places; ' +
    'input is a string or JSON number in plain notation with at most 6 decimal places.',
  serialize: (value) => formatDecimal(value as string),
  parseValue: parseDecimal,
  parseLiteral: (ast: ValueNode) =>
    parseDecimal(ast.kind === Kind.STRING || ast.kind === Kind.FLOAT || ast.kind === Kind.INT ? ast.value : undefined),
});

/** Anything an exact decimal can be made from. */
export type DecimalValue = string | number | Dec;

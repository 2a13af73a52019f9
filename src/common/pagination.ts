import { Field, ObjectType } from 'type-graphql';
import { BadUserInputError } from './errors';
import { PublicFields } from '../cache/cache-control';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@PublicFields()
@ObjectType({ description: 'Relay page information.' })
export class PageInfo {
  @Field({ description: 'True when more items follow this page: ask again with `after: endCursor`.' })
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page; null when the page is empty.' })
  endCursor!: string | null;
}

/** `first` must be 1–100: refused, never clamped, so a caller never silently gets fewer rows than asked. */
export function pageSize(first: number | null | undefined, argument = 'first'): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new BadUserInputError(
      `${argument} must be from 1 to ${MAX_PAGE_SIZE} (got ${first}); to read more, follow pageInfo.endCursor with \`after\`.`,
      argument,
    );
  }
  return first;
}

/** Cursors are opaque to callers: base64url of a small JSON tuple tagged with the ordering it belongs to. */
export function encodeCursor(ordering: string, position: unknown[]): string {
  return Buffer.from(JSON.stringify([ordering, ...position]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, ordering: string, argument = 'after'): unknown[] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  if (!Array.isArray(decoded) || decoded[0] !== ordering) {
    throw new BadUserInputError(
      `${argument} is not a cursor of this list in this order; pass an endCursor or edge cursor returned by the same query.`,
      argument,
    );
  }
  return decoded.slice(1);
}

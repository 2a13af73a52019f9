import { randomUUID } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Caller } from './auth/caller';
import type { ReferenceCodes } from './common/reference';
import { createLoaders, Loaders } from './loaders';

export interface Context {
  requestId: string;
  caller: Caller;
  em: EntityManager;
  loaders: Loaders;
  reference: ReferenceCodes;
}

/** One EntityManager fork and one loader set per request, made in this one place. */
export function createContext(
  orm: MikroORM,
  reference: ReferenceCodes,
  caller: Caller,
  requestId: string = randomUUID(),
): Context {
  const em = orm.em.fork();
  return { requestId, caller, em, loaders: createLoaders(em, reference), reference };
}

/** After a write: a fresh EntityManager and loaders, so nothing read before the write is served after it. */
export function refreshAfterWrite(ctx: Context): void {
  ctx.em = ctx.em.fork({ clear: true });
  ctx.loaders = createLoaders(ctx.em, ctx.reference);
}

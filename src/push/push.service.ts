import type { Context } from '../context';
import { refreshAfterWrite } from '../context';
import { MutationName, PushHandler, runPush } from './push-runner';
import type { PushOptions } from './push.inputs';
import type { ItemResultData } from './push.types';

/** One push call of the request's caller, in its own transaction (push-runner.ts); the resolvers map their input to it. */
export async function pushItems<Item>(
  ctx: Context,
  mutation: MutationName,
  itemsField: string,
  input: PushOptions,
  items: Item[],
  handler: PushHandler<Item, any>,
): Promise<ItemResultData[]> {
  const results = await runPush(ctx.em.getKnex(), ctx.caller, ctx.reference.districtCodes, ctx.reference.industryCodes, handler, {
    mutation,
    itemsField,
    items,
    options: input,
    input,
  });
  // The payload's projects must show what was just written, not what this request read before.
  refreshAfterWrite(ctx);
  return results;
}

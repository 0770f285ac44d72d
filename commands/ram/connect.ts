import type { Context } from '../../src/cli/context.js';
import type { RamApi } from '../../src/ram/api.js';

/** RAM as the selected identity; no call is made until the command makes one. */
export async function ramOf(ctx: Context): Promise<RamApi> {
  return (await ctx.clients()).ram();
}

import { UserError } from '../core/errors.js';
import type { Context } from './context.js';

/**
 * Asks before a destructive change. `--yes` skips the question; without a terminal to ask on, the change is refused
 * with the flag that allows it, so a script never blocks or destroys by accident.
 */
export async function confirmChange(ctx: Context, action: string, options: { yes?: boolean }): Promise<void> {
  if (options.yes) return;
  if (!(await ctx.prompter.confirm(action, { flag: '--yes' }))) throw new UserError('Cancelled: nothing was changed.');
}

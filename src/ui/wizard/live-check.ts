import type { ConfigFile } from '../../../profiles/model.js';
import type { Context } from '../../cli/context.js';
import { getCallerIdentity } from '../../sts/calls.js';
import { type CheckResult, problemOf } from './steps.js';

/**
 * whoami for a profile not saved yet: its session is opened from `config` in memory, through the same resolution,
 * clients and STS call as `aliaudit whoami`, so nothing is written before the user confirms. `--endpoint` applies.
 */
export async function checkIdentity(ctx: Context, config: ConfigFile, profile: string, signal: AbortSignal): Promise<CheckResult> {
  try {
    const checking = ctx.derive({ selection: { ...ctx.selection, config, profile }, signal });
    const identity = await checking.unlessInterrupted(getCallerIdentity(await (await checking.clients()).sts()));
    return { status: 'passed', identity: { arn: identity.Arn, type: identity.IdentityType, account: identity.AccountId } };
  } catch (error) {
    return { status: 'failed', problem: problemOf(error) };
  }
}

import type { ConfigFile } from '../../../profiles/model.js';
import type { Context } from '../../cli/context.js';
import { CloudClients } from '../../cloud/clients.js';
import { unlessAborted } from '../../core/abort.js';
import { openSession } from '../../credentials/session.js';
import { getCallerIdentity } from '../../sts/calls.js';
import { type CheckResult, problemOf } from './steps.js';

/**
 * whoami for a profile not saved yet: its session is opened from `config` in memory, through the same resolution and
 * the same STS call as `aliaudit whoami`, so nothing is written before the user confirms. `--endpoint` applies.
 */
export async function checkIdentity(ctx: Context, config: ConfigFile, profile: string, signal: AbortSignal): Promise<CheckResult> {
  try {
    const session = await openSession({
      profile,
      config,
      configPath: ctx.selection.configPath,
      endpoint: ctx.selection.endpoint,
      runtime: { env: ctx.env, now: ctx.now, homedir: ctx.homedir, cwd: ctx.cwd, signal },
      cloud: { ...ctx.cloud, signal },
    });
    const clients = new CloudClients(
      { credentials: session, region: session.region, endpoint: session.endpoint, stsEndpoint: session.stsEndpoint, ...session.timeouts },
      { ...ctx.cloud, signal, call: { signer: session.signer } },
    );
    const identity = await unlessAborted(getCallerIdentity(await clients.sts()), signal);
    return { status: 'passed', identity: { arn: identity.Arn, type: identity.IdentityType, account: identity.AccountId } };
  } catch (error) {
    return { status: 'failed', problem: problemOf(error) };
  }
}

import type { Profile } from '../../../profiles/model.js';
import { UserError } from '../../core/errors.js';
import { maskCommand } from '../../core/mask.js';
import { checkCredentialsUri, credentialsFromUri, displayUri } from '../credentials-uri.js';
import { runProcessCommand, splitCommand } from '../process-command.js';
import { type PlanContext, type Step, fieldName, isSwitchOn, requiredField } from '../step.js';

/** ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS=1|true blocks both External and CredentialsURI, as in credentials-go. */
function checkExternalAllowed(profile: Profile, plan: PlanContext): void {
  if (isSwitchOn(plan.runtime.env.ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS)) {
    throw new UserError(
      `profile '${profile.name}' (mode ${profile.mode}) is blocked by ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS`,
      'unset ALIBABA_CLOUD_DISABLE_EXTERNAL_PROCESS to let aliaudit fetch credentials this way, or choose another profile',
    );
  }
}

/** External: run process_command (no shell) and read its JSON. */
export function planExternal(profile: Profile, plan: PlanContext): Step {
  checkExternalAllowed(profile, plan);
  const command = requiredField(profile, 'process_command');
  const field = fieldName(profile, 'process_command');
  splitCommand(command, field);
  return {
    hop: { profile: profile.name, mode: 'External', detail: maskCommand(command) },
    run: async () => ({ credentials: await runProcessCommand({ command, env: plan.runtime.env, field }) }),
  };
}

/** CredentialsURI: credentials_uri, else ALIBABA_CLOUD_CREDENTIALS_URI. */
export function planCredentialsUri(profile: Profile, plan: PlanContext): Step {
  checkExternalAllowed(profile, plan);
  const own = typeof profile.credentials_uri === 'string' ? profile.credentials_uri.trim() : '';
  const fromEnv = plan.runtime.env.ALIBABA_CLOUD_CREDENTIALS_URI?.trim();
  const uri = own || fromEnv || requiredField(profile, 'credentials_uri');
  const url = checkCredentialsUri(uri, own ? fieldName(profile, 'credentials_uri') : 'ALIBABA_CLOUD_CREDENTIALS_URI');
  return {
    hop: { profile: profile.name, mode: 'CredentialsURI', detail: displayUri(url) },
    run: async () => ({ credentials: await credentialsFromUri({ url }) }),
  };
}

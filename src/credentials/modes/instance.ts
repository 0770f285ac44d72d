import type { Profile } from '../../../profiles/model.js';
import { checkImdsEnabled, imdsBase, instanceRoleCredentials } from '../imds.js';
import { type PlanContext, type Step, optionalField } from '../step.js';

/** EcsRamRole: the instance role's credentials from the metadata service; the role name may be learnt only then. */
export function planInstanceRole(profile: Profile, plan: PlanContext): Step {
  const env = plan.runtime.env;
  checkImdsEnabled(env);
  imdsBase(env);
  const roleName = optionalField(profile, 'ram_role_name');
  return {
    hop: { profile: profile.name, mode: 'EcsRamRole', detail: roleName ?? env.ALIBABA_CLOUD_ECS_METADATA?.trim() ?? undefined },
    run: async () => {
      const answer = await instanceRoleCredentials({ env, roleName, profile: profile.name });
      return { credentials: answer.credentials, detail: answer.roleName };
    },
  };
}

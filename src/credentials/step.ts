import type { Env, Runtime } from '../core/env.js';
import type { CallOptions } from '../cloud/clients.js';
import { fix, InputError } from '../core/errors.js';
import { flagOf } from '../../profiles/modes.js';
import type { Profile } from '../../profiles/model.js';
import type { Credentials, Endpoint, Hop } from './types.js';

/** What one step of a resolution produced; `detail` when the step learns it only then (an instance role name). */
export interface StepResult {
  credentials: Credentials;
  detail?: string;
}

/**
 * One hop of a planned resolution: checked locally when planned, run (network, files, processes) when credentials
 * are needed, with the previous step's credentials as its source.
 */
export interface Step {
  hop: Omit<Hop, 'expiration'>;
  run(source: Credentials | undefined): Promise<StepResult>;
}

/** What every mode may need while planning its steps. */
export interface PlanContext {
  runtime: Runtime;
  /** Region of the session (the STS SDK wants one even with an explicit endpoint). */
  region: string;
  /** The --endpoint / ALIAUDIT_ENDPOINT override: every STS call goes there. */
  endpoint?: Endpoint;
  /** Retries, observers and cancellation for the calls each step makes. */
  cloud?: CallOptions;
}

/** How a profile field is named in errors: `profile 'ops' ram_role_arn`. */
export function fieldName(profile: Profile, key: string): string {
  return `profile '${profile.name}' ${key}`;
}

/** A string field the mode cannot do without; the error names the flag that sets it. */
export function requiredField(profile: Profile, key: string): string {
  const value = profile[key];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw new InputError(
    `${key} is not configured for profile '${profile.name}' (mode ${profile.mode})`,
    fix('set it', `configure set --profile ${profile.name} ${flagOf(key)} …`),
  );
}

export function optionalField(profile: Profile, key: string): string | undefined {
  const value = profile[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The first non-empty variable of `names`, with its name. */
export function firstVariable(env: Env, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/** `1` or `true` in any case, as credentials-go reads its switches. */
export function isSwitchOn(value: string | undefined): boolean {
  return value !== undefined && /^(1|true)$/i.test(value.trim());
}

import { createHash } from 'node:crypto';
import { checkRegionId } from '../../profiles/fields.js';
import { type ConfigFile, emptyConfig, type Profile } from '../../profiles/model.js';
import type { Env } from '../core/env.js';
import { configPath } from '../../profiles/path.js';
import { profileChain } from '../../profiles/chain.js';
import { requireProfile, selectProfile } from '../../profiles/select.js';
import { readConfig } from '../../profiles/store.js';
import { ApiError, fix, UserError } from '../core/errors.js';
import { endpointOverride } from '../cloud/endpoint.js';
import { ACCESS_KEY_VARIABLES, planEnvironment, REGION_VARIABLES } from './environment.js';
import { planChain } from './modes/index.js';
import { profileStsEndpoint } from './modes/role.js';
import { firstVariable, type PlanContext, type Step } from './step.js';
import type { CredentialOrigin, Credentials, Hop, Session, SessionOptions, Timeouts } from './types.js';

/** Region when neither --region, the profile nor the environment names one (the aliyun CLI requires region_id). */
export const DEFAULT_REGION = 'cn-hangzhou';
/** Credentials are fetched again when this little time remains (aws-vault's minimum TTL). */
export const REFRESH_WINDOW_MS = 300_000;

/** Sessions already opened, by what they were opened from: a shell or a scan resolves a role chain once. */
export type SessionCache = Map<string, Session>;

/**
 * Opens the session the global flags ask for: picks the profile (--profile, the profile variables, current) or,
 * with none, the environment's credentials; checks every step locally now; fetches credentials on first use. With a
 * cache, the same profile (unchanged in the file), region and endpoint give back the same session.
 */
export async function openSession(options: SessionOptions, cache?: SessionCache): Promise<Session> {
  const { runtime } = options;
  const endpoint = endpointOverride(runtime.env, options.endpoint);
  const { path, config, profile, by } = await selectedProfile(options);
  const region = regionFor(options.region, profile, runtime.env);
  const chain = profile ? profileChain(config, profile.name) : undefined;
  // The chain's own fields are in the key (hashed: they hold secrets), so editing a profile opens a new session.
  const key = createHash('sha256').update(JSON.stringify({ path, chain, region, endpoint })).digest('hex');
  const cached = cache?.get(key);
  if (cached) return cached;
  const plan: PlanContext = { runtime, region, endpoint, cloud: options.cloud };
  const steps = chain ? planChain(chain, plan) : planEnvironment(plan);
  if (!steps) throw noCredentials(path);
  const origin: CredentialOrigin = profile ? { profile: { name: profile.name, by: by!, path }, unusedVariable: setKeyVariable(runtime.env) } : {};
  const session = new ResolvedSession(plan, steps, profile?.name, profileStsEndpoint(profile, runtime.env), profileTimeouts(profile), origin);
  cache?.set(key, session);
  return session;
}

/** read_timeout and connect_timeout in seconds, as the aliyun CLI keeps them; older files have retry_timeout. */
export function profileTimeouts(profile: Profile | undefined): Timeouts {
  const seconds = (value: unknown) => (typeof value === 'number' && value > 0 ? value * 1000 : undefined);
  return {
    readTimeoutMs: seconds(profile?.read_timeout) ?? seconds(profile?.retry_timeout),
    connectTimeoutMs: seconds(profile?.connect_timeout),
  };
}

/** The profile --profile, the profile variables or `current` select, if any; ALIBABA_CLOUD_IGNORE_PROFILE skips the file. */
export async function selectedProfile(options: SessionOptions): Promise<{ path: string; config: ConfigFile; profile?: Profile; by?: string }> {
  const { env, homedir } = options.runtime;
  const path = configPath({ flag: options.configPath, env, homedir });
  const ignoreProfiles = !options.profile && /^true$/i.test(env.ALIBABA_CLOUD_IGNORE_PROFILE?.trim() ?? '');
  const { config } = ignoreProfiles ? { config: emptyConfig() } : options.config ? { config: options.config } : await readConfig(path);
  const selected = ignoreProfiles ? undefined : selectProfile({ flag: options.profile, env, config });
  return { path, config, profile: selected ? requireProfile(config, selected.name, path) : undefined, by: selected?.by };
}

/** The first access-key variable that is set, whole or not (a profile won, so it is not read further). */
function setKeyVariable(env: Env): string | undefined {
  return ACCESS_KEY_VARIABLES.flatMap((family) => [family.id, family.secret]).find((name) => env[name]?.trim());
}

/**
 * What to tell a user whose environment holds keys that a profile won over (the aliyun CLI's order, which surprises):
 * the profile, what selected it, and the two ways to use the variables. Undefined when there is nothing to say, or
 * when the user chose the profile by name on this line.
 */
export function environmentNotice(origin: CredentialOrigin): string | undefined {
  const { profile, unusedVariable } = origin;
  if (!profile || !unusedVariable || profile.by === '--profile') return undefined;
  const chosen = profile.by === 'current' ? `the current profile in ${profile.path}` : `selected by ${profile.by}`;
  const none = profile.by === 'current' ? `no current profile in ${profile.path}` : `${profile.by} unset and no current profile`;
  return `${unusedVariable} is set, but profile '${profile.name}' (${chosen}) is used, as the aliyun CLI does; to use the variables, set ALIBABA_CLOUD_IGNORE_PROFILE=TRUE, or select no profile (${none})`;
}

/** --region, else the profile's region_id, else the region variables, else the default; each checked. */
export function regionFor(flag: string | undefined, profile: Profile | undefined, env: Env): string {
  if (flag) {
    checkRegionId(flag, '--region');
    return flag;
  }
  const own = typeof profile?.region_id === 'string' ? profile.region_id.trim() : '';
  if (own) {
    checkRegionId(own, `profile '${profile!.name}' region_id`);
    return own;
  }
  const variable = firstVariable(env, REGION_VARIABLES);
  if (variable) {
    checkRegionId(variable.value, variable.name);
    return variable.value;
  }
  return DEFAULT_REGION;
}

function noCredentials(path: string): UserError {
  return new UserError(
    `no credentials: no profile is selected in ${path} and none are in the environment`,
    fix(
      'set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (plus ALIBABA_CLOUD_SECURITY_TOKEN for STS keys), or create a profile',
      'configure set --profile NAME --mode AK --access-key-id … --access-key-secret … --region cn-hangzhou',
    ),
  );
}

class ResolvedSession implements Session {
  private readonly runtime: PlanContext['runtime'];
  readonly region: string;
  readonly endpoint: Session['endpoint'];
  readonly hops: Hop[] = [];
  readonly signer: Session['signer'];
  private current?: Credentials;
  private pending?: Promise<Credentials>;

  constructor(
    plan: PlanContext,
    private readonly steps: readonly Step[],
    readonly profileName: string | undefined,
    readonly stsEndpoint: Session['stsEndpoint'],
    readonly timeouts: Timeouts,
    readonly origin: CredentialOrigin,
  ) {
    this.runtime = plan.runtime;
    this.signer = steps[steps.length - 1].hop;
    this.region = plan.region;
    this.endpoint = plan.endpoint;
  }

  credentials(): Promise<Credentials> {
    if (this.current && this.fresh(this.current)) return Promise.resolve(this.current);
    if (!this.pending) {
      this.pending = this.resolve().finally(() => {
        this.pending = undefined;
      });
    }
    return this.pending;
  }

  private fresh(credentials: Credentials): boolean {
    return !credentials.expiration || credentials.expiration.getTime() - this.runtime.now().getTime() > REFRESH_WINDOW_MS;
  }

  /** Runs every step, source first, recording each hop as it completes. */
  private async resolve(): Promise<Credentials> {
    this.hops.length = 0;
    let credentials: Credentials | undefined;
    for (const step of this.steps) {
      const result = await step.run(credentials).catch((error: unknown) => {
        throw namingHop(error, step.hop);
      });
      credentials = result.credentials;
      const hop: Hop = { ...step.hop };
      if (result.detail !== undefined) hop.detail = result.detail;
      if (credentials.expiration) hop.expiration = credentials.expiration;
      this.hops.push(hop);
    }
    if (!credentials) throw new Error('a session has no steps');
    this.current = credentials;
    return credentials;
  }
}

/**
 * An API's refusal while resolving a chain says which hop it refused (the profile, its mode and the role it
 * assumes), since the profile the user selected may not be the one to fix.
 */
function namingHop(error: unknown, hop: Step['hop']): unknown {
  if (!(error instanceof ApiError)) return error;
  const role = hop.detail?.startsWith('acs:ram::') ? `, role ${hop.detail.replace(/^.*:role\//, '')}` : '';
  const where = hop.profile ? `profile '${hop.profile}' (${hop.mode}${role})` : `the environment's ${hop.mode}${role}`;
  error.message = `${where}: ${error.message}`;
  return error;
}

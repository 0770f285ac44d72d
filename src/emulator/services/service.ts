/** What every emulated product is made of: its identity, its refusal, and a handler per action. */
import type { EmulatorState } from '../state.js';
import type { Authenticated } from '../auth.js';
import type { Denial } from '../api-error.js';
import type { RequestContext } from '../policy.js';

/** One API call, once routed and (unless the action is anonymous) authenticated. */
export interface ApiCall {
  state: EmulatorState;
  service: Service;
  action: string;
  /** Query and form parameters together (signing parameters included; handlers read only their own). */
  params: Record<string, string>;
  /** Who signed the call; absent only for anonymous actions. */
  caller?: Authenticated;
  /** What policy conditions see: source IP, transport, MFA, time. */
  context: RequestContext;
  requestId: string;
  /** Throws the product's refusal (NoPermission, Forbidden.RAM) with AccessDeniedDetail unless allowed. */
  authorize(action: string, resource: string): void;
  /** An ROA call's path parameters (`/clusters/{ClusterId}` gives ClusterId); empty for RPC. */
  pathParams?: Record<string, string>;
}

/** An ROA action's place: the method and the path (with `{Name}` parameters) the real API answers it at. */
export interface RoaRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  action: string;
}

export type ActionHandler = (call: ApiCall) => Record<string, unknown> | Promise<Record<string, unknown>>;

export interface Service {
  /** Product code as quotas and policy actions name it: `sts`, `ram`, `ecs`. */
  code: string;
  /** Product name as troubleshooting links name it: `Sts`, `Ram`, `Ecs`. */
  product: string;
  version: string;
  /** The real service's host, answered as HostId. */
  hostId: string;
  /** How this product refuses an unauthorised call. */
  denial: Denial;
  actions: Record<string, ActionHandler>;
  /**
   * ROA products (ACK) are answered by method and path, each action at its own; their answers are the action's JSON
   * as it is, with no RequestId field. RPC products (the default) answer `/` only, routed by Action and Version.
   */
  roa?: readonly RoaRoute[];
  /** Actions called without a signature (STS AssumeRoleWithOIDC). */
  anonymousActions?: ReadonlySet<string>;
  /** The system policy that lets a scanner read it (AliyunVPCReadOnlyAccess): the demo's and generated scanners hold it. */
  readOnlyPolicy?: string;
  /** Its part of the world file, when it has resources of its own. */
  section?: ServiceSection<any>;
}

/**
 * The part of each account of the world file a service owns (`"Vpc": {…}` beside `"Users"`), with its share of the
 * demo world and of `--generate`. The loader hands the section to `load` and keeps what it answers in the account's
 * `Sections` under `key`; `load` refuses bad input with a WorldError at the JSON path of the bad field.
 */
export interface ServiceSection<T = unknown> {
  /** The account's field in the world file, as the product names itself: `Vpc`, `Rds`, `ActionTrail`. */
  key: string;
  load(value: unknown, where: SectionWhere): T;
  /** This service's part of the demo world's account (its JSON, as a user would write it). */
  demo?(accountId: string): unknown;
  /** This service's part of a generated account: a realistic mix of good and bad settings, the same for one spec. */
  generate?(world: GeneratedWorld): unknown;
  /** Figures a benchmark needs to work out the fewest calls a scan makes, per region (`global` for the rest). */
  inventory?(section: T): Record<string, Record<string, number | number[]>>;
}

/** Where a section is being loaded. */
export interface SectionWhere {
  /** The JSON path of the section, such as `Accounts[0].Vpc`. */
  path: string;
  accountId: string;
  regionIds: ReadonlySet<string>;
  /** The load's time, against which relative dates (`-120d`) resolve. */
  now: Date;
}

/** What a service's generator draws from. */
export interface GeneratedWorld {
  accountId: string;
  /** The regions holding resources, the busiest first. */
  regionIds: readonly string[];
  /** The spec's sizes, to scale this service's share by (instances, security groups, users …). */
  spec: { instances: number; securityGroups: number; disks: number; users: number; seed: number };
  /** A seeded stream of draws; name one per purpose so one part does not shift when another grows. */
  rng(stream: string): import('../rng.js').Rng;
}

/** A service's section of the caller's account, as its loader answered it (or undefined when the world has none). */
export function sectionOf<T>(account: { Sections: Record<string, unknown> }, section: ServiceSection<T>): T | undefined {
  return account.Sections[section.key] as T | undefined;
}

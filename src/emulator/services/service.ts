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
  /** Actions called without a signature (STS AssumeRoleWithOIDC). */
  anonymousActions?: ReadonlySet<string>;
}

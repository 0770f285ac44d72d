/**
 * The OpenAPI products the emulator serves, found by version (which names the product on a shared port) and action.
 * A product plugs in by adding its Service to `services`: STS 2015-04-01, RAM 2015-05-01, ECS 2014-05-26 and IMS 2019-08-15.
 */
import type { EmulatorState } from '../state.js';
import type { Authenticated } from '../auth.js';
import { accessDenied, faults } from '../api-error.js';
import { type RequestContext, authorize } from '../policy.js';
import type { ActionHandler, ApiCall, GeneratedWorld, Service } from './service.js';
import { ackService } from './ack/index.js';
import { actionTrailService } from './actiontrail.js';
import { ecsService } from './ecs/index.js';
import { imsService } from './ims.js';
import { ramService } from './ram/index.js';
import { sasService } from './sas/index.js';
import { rdsService } from './rds/index.js';
import { stsService } from './sts.js';
import { vpcPeerService, vpcService } from './vpc/index.js';

export type { ActionHandler, ApiCall, Service };

export const services: Service[] = [stsService, ramService, ecsService, imsService, actionTrailService, rdsService, vpcService, vpcPeerService, sasService, ackService];

export interface Route {
  service: Service;
  handler: ActionHandler;
  anonymous: boolean;
}

/** The handler for an action of a version; InvalidVersion / InvalidAction.NotFound as the gateway answers. */
export function route(action: string | undefined, version: string | undefined, registry: Service[] = services): Route {
  if (!action) throw faults.missingParameter('Action');
  if (!version) throw faults.missingParameter('Version');
  const candidates = registry.filter((service) => service.version === version);
  if (candidates.length === 0) throw faults.invalidVersion();
  for (const service of candidates) {
    const handler = Object.hasOwn(service.actions, action) ? service.actions[action] : undefined;
    if (handler) return { service, handler, anonymous: service.anonymousActions?.has(action) ?? false };
  }
  throw faults.actionNotFound();
}

/**
 * An ROA request's action, by its version, method and path (the way the API gateway routes them; the x-acs-action
 * header is not what decides), with the path's parameters.
 */
export function routeRoa(version: string | undefined, method: string, path: string, registry: Service[] = services): Route & { action: string; pathParams: Record<string, string> } {
  for (const service of registry) {
    if (service.version !== version || !service.roa) continue;
    for (const place of service.roa) {
      if (place.method !== method) continue;
      const pathParams = matchPath(place.path, path);
      if (pathParams) return { service, handler: service.actions[place.action], anonymous: false, pathParams, action: place.action };
    }
  }
  throw faults.actionNotFound();
}

/** `/clusters/{ClusterId}` against `/clusters/c123`: the parameters, or undefined when the path is another. */
function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name && got[i] !== '') params[name] = got[i];
    else if (part !== got[i]) return undefined;
  }
  return params;
}

/** Builds the call's `authorize`: the root account may do anything; others as policy evaluation decides. */
export function authorizer(state: EmulatorState, service: Service, caller: Authenticated | undefined, context: RequestContext) {
  return (action: string, resource: string): void => {
    if (!caller) throw faults.incompleteSignature('This action needs a signed request.');
    const decision = authorize(state, caller.principal, action, resource, context);
    if (!decision.allowed) throw accessDenied(service.denial, caller.principal, action, decision);
  };
}

/** The system policies a read-only scanner of the world holds: each service's own read-only one (RAM's and ECS's too). */
export function scannerPolicies(): { PolicyName: string; PolicyType: 'System' }[] {
  return services.flatMap((service) => (service.readOnlyPolicy ? [{ PolicyName: service.readOnlyPolicy, PolicyType: 'System' as const }] : []));
}

/** Every service's part of the demo account, by its world key. */
export function demoSections(accountId: string): Record<string, unknown> {
  return Object.fromEntries(services.flatMap((service) => (service.section?.demo ? [[service.section.key, service.section.demo(accountId)]] : [])));
}

/** Every service's part of a generated account, by its world key. */
export function generatedSections(world: GeneratedWorld): Record<string, unknown> {
  return Object.fromEntries(services.flatMap((service) => (service.section?.generate ? [[service.section.key, service.section.generate(world)]] : [])));
}

import type { Session } from '../credentials/types.js';
import { toApiError } from './api-error.js';
import { cjsDefaultClass, sessionClientConfig } from './client-config.js';
import { wireShape } from './wire-shape.js';

/** RAM 2015-05-01 for one session: actions by their API names, parameters and answers in the API's wire names. */
export interface RamApi {
  call<T = any>(action: string, params?: Record<string, unknown>): Promise<T>;
}

/** The generated RAM client (@alicloud/ram20150501), loaded on first use so one-liners never pay for it. */
export async function ramApi(session: Session): Promise<RamApi> {
  const [sdk, config] = await Promise.all([import('@alicloud/ram20150501'), sessionClientConfig(session)]);
  const Client = cjsDefaultClass<new (config: unknown) => any>(sdk);
  const models: any = (sdk as any).ListUsersRequest ? sdk : (sdk as any).default;
  const client = new Client(config);
  return {
    async call(action, params = {}) {
      const Request = models[`${action}Request`];
      const method = client[action[0].toLowerCase() + action.slice(1)];
      if (typeof method !== 'function') throw new Error(`the RAM SDK has no action ${action}`);
      try {
        const response = Request ? await method.call(client, new Request(requestInit(Request, params))) : await method.call(client);
        return wireShape(response);
      } catch (error) {
        throw toApiError(error, session.endpoint, { action: `ram:${action}`, profile: session.profileName });
      }
    },
  };
}

/** Request models take camelCase fields; their names() maps them to the wire names callers use. */
function requestInit(Request: any, params: Record<string, unknown>): Record<string, unknown> {
  const init: Record<string, unknown> = {};
  for (const [field, wire] of Object.entries(Request.names() as Record<string, string>)) {
    if (params[wire] !== undefined) init[field] = params[wire];
  }
  const unknown = Object.keys(params).filter((wire) => !Object.values(Request.names()).includes(wire));
  if (unknown.length) throw new Error(`${Request.name} has no parameter ${unknown.join(', ')}`);
  return init;
}

/**
 * Every item of a RAM list, following Marker/IsTruncated at the largest page RAM allows.
 * `items` picks the array out of a page (e.g. body => body.Users.User).
 */
export async function listAll<T>(
  ram: RamApi,
  action: string,
  params: Record<string, unknown>,
  items: (body: any) => T[] | undefined,
): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  do {
    const body = await ram.call(action, { ...params, MaxItems: 1000, Marker: marker });
    all.push(...(items(body) ?? []));
    marker = body.IsTruncated === true || body.IsTruncated === 'true' ? body.Marker : undefined;
  } while (marker);
  return all;
}

import type { Session } from '../credentials/types.js';
import { toApiError } from './api-error.js';
import { cjsDefaultClass, cjsExport, sessionClientConfig } from './client-config.js';
import { wireShape } from './wire-shape.js';

/** RAM 2015-05-01 for one session: actions by their API names, parameters and answers in the API's wire names. */
export interface RamApi {
  call<T = any>(action: string, params?: Record<string, unknown>): Promise<T>;
}

/**
 * The generated RAM client (@alicloud/ram20150501), loaded on first use so one-liners never pay for it. Calls go
 * through its callApi with the parameters the generated methods send, skipping the request/response models: the
 * answer is the API's JSON as sent (fields the models lack included), and a 1,000-item page is not converted twice.
 */
export async function ramApi(session: Session): Promise<RamApi> {
  const [sdk, core, dara, config] = await Promise.all([
    import('@alicloud/ram20150501'),
    import('@alicloud/openapi-core'),
    import('@darabonba/typescript'),
    sessionClientConfig(session),
  ]);
  const Client = cjsDefaultClass<new (config: unknown) => any>(sdk);
  const $OpenApiUtil = cjsExport(core, '$OpenApiUtil');
  const OpenApiUtil = cjsExport(core, 'OpenApiUtil');
  const RuntimeOptions = cjsExport(dara, 'RuntimeOptions');
  const client = new Client(config);
  return {
    async call(action, params = {}) {
      const query = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined && value !== null));
      const request = new $OpenApiUtil.OpenApiRequest({ query: OpenApiUtil.query(query) });
      const api = new $OpenApiUtil.Params({
        action,
        version: RAM_VERSION,
        protocol: 'HTTPS',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      });
      try {
        return wireShape(await client.callApi(api, request, new RuntimeOptions({})));
      } catch (error) {
        throw toApiError(error, session.endpoint, { action: `ram:${action}`, profile: session.profileName });
      }
    },
  };
}

const RAM_VERSION = '2015-05-01';

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

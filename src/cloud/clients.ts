import { unlessAborted } from '../core/abort.js';
import { clearReadTimersWhenRead } from './read-timers.js';
import { missingFields } from './answers.js';
import type { Product, RoaPlace } from './products.js';
import { ECS, IMS, RAM, STS } from './products.js';
import { type CallContext, toApiError } from './api-error.js';
import { cjsDefaultClass, cjsExport, openApiConfig } from './client-config.js';
import { endpointUrl } from './endpoint.js';
import { type CallObserver, isIdempotent, type RetryPolicy, withRetry } from './retry.js';
import type { CredentialSource, Credentials, Endpoint, Timeouts } from './types.js';
import { wireShape } from './wire-shape.js';
import { UserError } from '../core/errors.js';

export { ECS, IMS, type Product, RAM, STS } from './products.js';

/** One product's API in one region for one identity: actions by their API names, parameters and answers in wire names. */
export interface CloudApi {
  readonly product: Product;
  readonly region: string;
  call<T = any>(action: string, params?: Record<string, unknown>): Promise<T>;
}

/** How calls behave: retries, who watches them, when to give up, and who is calling (for hints). */
export interface CallOptions {
  policy?: RetryPolicy;
  observer?: CallObserver;
  signal?: AbortSignal;
  call?: CallContext;
}

export interface ApiOptions extends CallOptions, Timeouts {
  product: Product;
  region: string;
  /** Absent: the generated client's endpoint rule for the region. */
  endpoint?: Endpoint;
  /** Fixed keys or a source of keys; absent for a product's unsigned actions only. */
  credentials?: Credentials | CredentialSource;
}

/**
 * A generated client (@alicloud/sts20150401, ram20150501, ecs20140526) driven through its callApi with the parameters
 * its own methods send, skipping the request and response models: the answer is the API's JSON as sent (fields the
 * models lack included), a 1,000-item page is not converted twice, and every product shares one retry policy.
 */
export async function cloudApi(options: ApiOptions): Promise<CloudApi> {
  const { product, endpoint } = options;
  clearReadTimersWhenRead();
  const [sdk, core, dara, config] = await Promise.all([
    product.load(),
    import('@alicloud/openapi-core'),
    import('@darabonba/typescript'),
    // A product without an SDK goes through openapi-core's generic client, which needs its host named.
    openApiConfig({ ...options, regionId: options.region, endpoint: endpoint ?? (product.host && { host: product.host(options.region), protocol: 'https' }) }),
  ]);
  const Client = cjsDefaultClass<new (config: unknown) => any>(sdk);
  const $OpenApiUtil = cjsExport(core, '$OpenApiUtil');
  const OpenApiUtil = cjsExport(core, 'OpenApiUtil');
  const RuntimeOptions = cjsExport(dara, 'RuntimeOptions');
  const client = new Client(config);
  // Where calls really go: the override, else the host the generated client's endpoint rule chose.
  const target: Endpoint | undefined = endpoint ?? (typeof client._endpoint === 'string' ? { host: client._endpoint, protocol: 'https' } : undefined);

  const send = (action: string, params: Record<string, unknown>) => {
    const place = product.roa?.[action];
    if (place) return sendRoa(action, place, params);
    const query = Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined && value !== null));
    const request = new $OpenApiUtil.OpenApiRequest({ query: OpenApiUtil.query(query) });
    const runtime = new RuntimeOptions({});
    if (product.unsigned?.includes(action)) {
      return client.doRPCRequest(action, product.version, 'HTTPS', 'POST', 'Anonymous', 'json', request, runtime);
    }
    const api = new $OpenApiUtil.Params({
      action,
      version: product.version,
      protocol: 'HTTPS',
      pathname: '/',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      reqBodyType: 'formData',
      bodyType: 'json',
    });
    return client.callApi(api, request, runtime);
  };

  /** An ROA call: the action's parameters named in its path go there, the rest in the query; JSON both ways. */
  const sendRoa = (action: string, place: RoaPlace, params: Record<string, unknown>) => {
    const given = Object.entries(params).filter(([, value]) => value !== undefined && value !== null);
    const inPath = new Set([...place.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]));
    const pathname = place.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')));
    const query = Object.fromEntries(given.filter(([name]) => !inPath.has(name)));
    const request = new $OpenApiUtil.OpenApiRequest({ query: OpenApiUtil.query(query) });
    const api = new $OpenApiUtil.Params({ action, version: product.version, protocol: 'HTTPS', pathname, method: place.method, authType: 'AK', style: 'ROA', reqBodyType: 'json', bodyType: 'json' });
    return client.callApi(api, request, new RuntimeOptions({}));
  };

  return {
    product,
    region: options.region,
    async call(action, params = {}) {
      const name = `${product.code}:${action}`;
      let answer: any;
      let requestId: string | undefined;
      try {
        const response = await withRetry(() => unlessAborted(send(action, params), options.signal), {
          action: name,
          idempotent: isIdempotent(action),
          policy: options.policy,
          observer: options.observer,
          signal: options.signal,
        });
        answer = wireShape(response);
        requestId = (response as { headers?: Record<string, string> } | undefined)?.headers?.['x-acs-request-id'];
      } catch (error) {
        throw toApiError(error, target, { action: name, ...options.call });
      }
      // An RPC answer carries its RequestId in the body; an ROA answer is the action's JSON alone, its id in a header.
      const roa = product.roa?.[action] !== undefined;
      const missing = [...(roa && !requestId ? ['the x-acs-request-id header'] : []), ...missingFields(answer, [...(roa ? [] : ['RequestId']), ...(product.answers?.[action] ?? [])])];
      if (missing.length > 0) throw notAnAnswer(name, target, missing);
      return answer;
    },
  };
}

function notAnAnswer(action: string, target: Endpoint | undefined, missing: string[]): UserError {
  const where = target ? endpointUrl(target) : 'the endpoint';
  return new UserError(
    `${action} at ${where} answered without ${missing.join(', ')}: that is not an Alibaba Cloud answer`,
    target && target.protocol === 'http'
      ? 'check --endpoint / ALIAUDIT_ENDPOINT: the service there is not behaving like Alibaba Cloud'
      : 'check --endpoint / ALIAUDIT_ENDPOINT, any proxy in between, and the region',
  );
}

export interface IdentityTarget extends Timeouts {
  credentials: CredentialSource;
  /** The identity's region: where regional products go unless asked for another. */
  region: string;
  /** The --endpoint override: every product goes there. */
  endpoint?: Endpoint;
  /** STS endpoint the profile names (sts_endpoint, sts_region). */
  stsEndpoint?: Endpoint;
}

/** The clients of one identity for one command, made on first use: STS, RAM (central) and ECS per region. */
export class CloudClients {
  private readonly made = new Map<string, Promise<CloudApi>>();

  constructor(
    private readonly target: IdentityTarget,
    private readonly options: CallOptions = {},
  ) {}

  sts(): Promise<CloudApi> {
    return this.api(STS, this.target.region, this.target.endpoint ?? this.target.stsEndpoint);
  }

  ram(): Promise<CloudApi> {
    return this.api(RAM);
  }

  ecs(region = this.target.region): Promise<CloudApi> {
    return this.api(ECS, region);
  }

  ims(): Promise<CloudApi> {
    return this.api(IMS);
  }

  /** Any product, in the identity's region unless another is named. */
  api(product: Product, region = this.target.region, endpoint = this.target.endpoint): Promise<CloudApi> {
    const key = `${product.code} ${product.version} ${region} ${endpoint ? `${endpoint.protocol}://${endpoint.host}` : ''}`;
    let api = this.made.get(key);
    if (!api) {
      const { credentials, readTimeoutMs, connectTimeoutMs } = this.target;
      api = cloudApi({ ...this.options, product, region, endpoint, credentials, readTimeoutMs, connectTimeoutMs });
      // A failed load (a broken install) must not be remembered as the client.
      api.catch(() => this.made.delete(key));
      this.made.set(key, api);
    }
    return api;
  }
}

import type { Env } from '../core/env.js';
import { InputError } from '../core/errors.js';
import { parseServiceUrl } from '../core/url.js';
import type { Endpoint } from './types.js';

/**
 * `--endpoint URL` / ALIAUDIT_ENDPOINT: http://host:port, https://host[:port] or host[:port] (https), no path.
 * Returns undefined for an absent or empty value.
 */
export function parseEndpointOverride(value: string | undefined, field = '--endpoint'): Endpoint | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  const url = parseServiceUrl(withScheme, field);
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) {
    throw new InputError(
      `${field} "${text}" must be only a scheme, host and port`,
      'use the form http://127.0.0.1:8080 or https://host[:port], with no path',
    );
  }
  return { host: url.host, protocol: url.protocol === 'http:' ? 'http' : 'https' };
}

/** The endpoint every API call goes to: the flag, else ALIAUDIT_ENDPOINT, else none (Alibaba Cloud itself). */
export function endpointOverride(env: Env, flag?: string): Endpoint | undefined {
  if (flag !== undefined && flag.trim() !== '') return parseEndpointOverride(flag, '--endpoint');
  return parseEndpointOverride(env.ALIAUDIT_ENDPOINT, 'ALIAUDIT_ENDPOINT');
}

/** The aliyun CLI's sts_endpoint value: a host, with any http(s):// and trailing `/` stripped; always https. */
export function stsEndpointHost(value: string): Endpoint {
  return { host: value.trim().replace(/^https?:\/\//i, '').replace(/\/+$/, ''), protocol: 'https' };
}

/** Printable form of an endpoint, for errors. */
export function endpointUrl(endpoint: Endpoint): string {
  return `${endpoint.protocol}://${endpoint.host}`;
}

import { isIP } from 'node:net';
import type { Env } from '../core/env.js';
import { InputError } from '../core/errors.js';
import type { Endpoint } from './types.js';

/** 127.0.0.0/8, ::1 and localhost: the only hosts plain http may reach, so real keys never cross a network unencrypted. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  return mapped !== null && mapped[1].startsWith('127.');
}

/**
 * Parses an http(s) URL the user gave for credentials or API calls. Plain http is refused unless the host is
 * loopback (or one of `plainHttpHosts`, such as the ECS metadata address).
 */
export function parseServiceUrl(value: string, field: string, plainHttpHosts: readonly string[] = []): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`${field} "${value}" is not a URL`, 'use the form https://host[:port][/path]');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InputError(`${field} "${value}" must use http or https`, 'use the form https://host[:port][/path]');
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !plainHttpHosts.includes(url.hostname)) {
    throw new InputError(
      `${field} refuses plain http to ${url.hostname}`,
      'use https, or http only to a loopback address (127.0.0.1, ::1, localhost)',
    );
  }
  return url;
}

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

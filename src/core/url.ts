import { isIP } from 'node:net';
import { InputError } from './errors.js';

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

import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { endpointOverride, parseEndpointOverride, stsEndpointHost } from '../../src/cloud/endpoint.js';
import { isLoopbackHost, parseServiceUrl } from '../../src/core/url.js';
import { hintOf } from '../helpers/hint.js';

describe('parseEndpointOverride', () => {
  it.each([
    ['http://127.0.0.1:8080', { host: '127.0.0.1:8080', protocol: 'http' }],
    ['http://127.3.4.5:8080/', { host: '127.3.4.5:8080', protocol: 'http' }],
    ['http://localhost:9000', { host: 'localhost:9000', protocol: 'http' }],
    ['http://[::1]:9000', { host: '[::1]:9000', protocol: 'http' }],
    ['https://sts.cn-shanghai.aliyuncs.com', { host: 'sts.cn-shanghai.aliyuncs.com', protocol: 'https' }],
    ['https://gateway.example.com:8443', { host: 'gateway.example.com:8443', protocol: 'https' }],
    ['gateway.example.com:8443', { host: 'gateway.example.com:8443', protocol: 'https' }],
    ['sts-vpc.cn-hangzhou.aliyuncs.com', { host: 'sts-vpc.cn-hangzhou.aliyuncs.com', protocol: 'https' }],
    ['  http://127.0.0.1:1  ', { host: '127.0.0.1:1', protocol: 'http' }],
  ])('%s', (value, expected) => {
    expect(parseEndpointOverride(value)).toEqual(expected);
  });

  it('is undefined when absent or empty', () => {
    expect(parseEndpointOverride(undefined)).toBeUndefined();
    expect(parseEndpointOverride('')).toBeUndefined();
    expect(parseEndpointOverride('   ')).toBeUndefined();
  });

  it.each(['http://10.0.0.5:8080', 'http://gateway.example.com', 'http://128.0.0.1', 'http://[::2]:80'])(
    'refuses plain http to %s, naming the flag',
    (value) => {
      const error = (() => {
        try {
          parseEndpointOverride(value, 'ALIAUDIT_ENDPOINT');
        } catch (e) {
          return e as InputError;
        }
      })();
      expect(error).toBeInstanceOf(InputError);
      expect(error!.message).toMatch(/^ALIAUDIT_ENDPOINT refuses plain http to /);
      expect(hintOf(error)).toContain('loopback');
    },
  );

  it.each(['https://host/path', 'http://127.0.0.1:1/?x=1', 'https://user:pw@host', 'ftp://host', 'http://'])('refuses %s', (value) => {
    expect(() => parseEndpointOverride(value)).toThrow(InputError);
  });

  it('names --endpoint by default', () => {
    expect(() => parseEndpointOverride('http://example.com')).toThrow(/^--endpoint refuses plain http/);
  });
});

describe('endpointOverride', () => {
  it('takes the flag first, then ALIAUDIT_ENDPOINT', () => {
    const env = { ALIAUDIT_ENDPOINT: 'http://127.0.0.1:2' };
    expect(endpointOverride(env, 'http://127.0.0.1:1')).toEqual({ host: '127.0.0.1:1', protocol: 'http' });
    expect(endpointOverride(env)).toEqual({ host: '127.0.0.1:2', protocol: 'http' });
    expect(endpointOverride({})).toBeUndefined();
  });

  it('names the variable when the variable is wrong', () => {
    expect(() => endpointOverride({ ALIAUDIT_ENDPOINT: 'http://example.com' })).toThrow(/^ALIAUDIT_ENDPOINT/);
  });
});

describe('loopback and service URLs', () => {
  it.each(['127.0.0.1', '127.255.0.9', 'localhost', 'LOCALHOST', 'api.localhost', '::1', '[::1]', '::ffff:127.0.0.1'])(
    '%s is loopback',
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );
  it.each(['128.0.0.1', '10.0.0.1', '100.100.100.200', 'example.com', '::2', 'localhost.example.com'])('%s is not', (host) =>
    expect(isLoopbackHost(host)).toBe(false),
  );

  it('allows plain http to the extra hosts named (the metadata address)', () => {
    expect(parseServiceUrl('http://100.100.100.200', 'X', ['100.100.100.200']).host).toBe('100.100.100.200');
    expect(() => parseServiceUrl('http://100.100.100.200', 'X')).toThrow(InputError);
    expect(() => parseServiceUrl('not a url', 'X')).toThrow(/^X "not a url" is not a URL/);
  });
});

describe('stsEndpointHost', () => {
  it('strips the scheme and trailing slashes, as the aliyun CLI does, and always uses https', () => {
    expect(stsEndpointHost('https://sts.cn-beijing.aliyuncs.com/')).toEqual({ host: 'sts.cn-beijing.aliyuncs.com', protocol: 'https' });
    expect(stsEndpointHost('http://sts-vpc.cn-hangzhou.aliyuncs.com')).toEqual({ host: 'sts-vpc.cn-hangzhou.aliyuncs.com', protocol: 'https' });
    expect(stsEndpointHost('sts.aliyuncs.com')).toEqual({ host: 'sts.aliyuncs.com', protocol: 'https' });
  });
});

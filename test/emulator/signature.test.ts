import { describe, expect, it } from 'vitest';
import {
  acs3CanonicalRequest,
  acs3Signature,
  canonicalQuery,
  parseAcs3Authorization,
  percentEncode,
  rpcSignature,
  rpcStringToSign,
  sha256Hex,
} from '../../src/emulator/signature.js';

// A fixed request, and the canonical request and signature the published algorithm gives for it: a change to the
// implementation that alters either fails here.
const worked = {
  method: 'POST',
  path: '/',
  query: { MaxItems: '2', Marker: 'a b/c' },
  headers: {
    host: '127.0.0.1:8080',
    'x-acs-action': 'ListUsers',
    'x-acs-version': '2015-05-01',
    'x-acs-date': '2025-01-01T00:00:00Z',
    'x-acs-signature-nonce': 'nonce-123',
    'x-acs-content-sha256': sha256Hex(''),
  },
  signedHeaders: ['host', 'x-acs-action', 'x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-version'],
  hashedPayload: sha256Hex(''),
};

describe('ACS3-HMAC-SHA256', () => {
  it('reproduces the worked example of the wire protocol', () => {
    expect(canonicalQuery(worked.query)).toBe('Marker=a%20b%2Fc&MaxItems=2');
    expect(sha256Hex(acs3CanonicalRequest(worked))).toBe('b799fc1572ddc4f9e9c1cc60cb25e45e03b7457b813d0e4d614e7ef858eadc0f');
    expect(acs3Signature('SECRET_TEST', worked)).toBe('8cc4fd08fdf30d30dfed2c8c2a886808521eccec1933c4a7febe9a2fcf82bfda');
  });

  it('changes the signature when a query value is tampered with', () => {
    const tampered = { ...worked, query: { ...worked.query, MaxItems: '3' } };
    expect(acs3Signature('SECRET_TEST', tampered)).not.toBe('8cc4fd08fdf30d30dfed2c8c2a886808521eccec1933c4a7febe9a2fcf82bfda');
  });

  it('signs exactly the header names listed in SignedHeaders', () => {
    const withUnsigned = { ...worked, headers: { ...worked.headers, 'user-agent': 'x', 'x-acs-extra': 'unsigned' } };
    expect(acs3Signature('SECRET_TEST', withUnsigned)).toBe(acs3Signature('SECRET_TEST', worked));
    const listed = { ...withUnsigned, signedHeaders: [...worked.signedHeaders, 'user-agent'].sort() };
    expect(acs3CanonicalRequest(listed)).toContain('user-agent:x\n');
    expect(acs3Signature('SECRET_TEST', listed)).not.toBe(acs3Signature('SECRET_TEST', worked));
    const fewer = { ...worked, signedHeaders: ['host', 'x-acs-date'] };
    expect(acs3CanonicalRequest(fewer).split('\n').slice(3, 6)).toEqual(['host:127.0.0.1:8080', 'x-acs-date:2025-01-01T00:00:00Z', '']);
  });

  it('encodes the characters Node querystring leaves alone', () => {
    expect(percentEncode("a!b'c(d)e*f ~")).toBe('a%21b%27c%28d%29e%2Af%20~');
    expect(canonicalQuery({ b: '', a: 'x+y' })).toBe('a=x%2By&b=');
  });

  it('parses the Authorization header and refuses garbled ones', () => {
    const signature = 'a'.repeat(64);
    expect(parseAcs3Authorization(`ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host;x-acs-date,Signature=${signature}`)).toEqual({
      accessKeyId: 'AK',
      signedHeaders: ['host', 'x-acs-date'],
      signature,
    });
    expect(parseAcs3Authorization(`ACS3-HMAC-SHA256 Credential=AK,Signature=${signature}`)).toBeUndefined();
    expect(parseAcs3Authorization(`ACS3-HMAC-SHA256 Credential=AK,SignedHeaders=host,Signature=xyz`)).toBeUndefined();
    expect(parseAcs3Authorization(`acs AK:${signature}`)).toBeUndefined();
  });
});

describe('RPC v1 HMAC-SHA1', () => {
  // The example of Alibaba Cloud's RPC signature documentation (ECS DescribeRegions, testid/testsecret).
  const documented = {
    Timestamp: '2016-02-23T12:46:24Z',
    Format: 'XML',
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    Version: '2014-05-26',
    SignatureVersion: '1.0',
  };

  it('reproduces the documented example', () => {
    expect(rpcStringToSign('GET', documented)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(rpcSignature('testsecret', 'GET', documented)).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('signs query and form parameters together, leaving Signature out', () => {
    const query = { ...documented, Signature: 'ignored' };
    const form = { RoleArn: 'acs:ram::1:role/r', RoleSessionName: 's' };
    const together = rpcSignature('testsecret', 'POST', { ...query, ...form });
    expect(together).toBe(rpcSignature('testsecret', 'POST', { ...documented, ...form }));
    expect(together).not.toBe(rpcSignature('testsecret', 'POST', { ...documented, ...form, RoleSessionName: 't' }));
    expect(together).not.toBe(rpcSignature('testsecret', 'POST', documented));
  });
});

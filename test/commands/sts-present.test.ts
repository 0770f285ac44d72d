import { describe, expect, it } from 'vitest';
import { presentCredentials, type IssuedCredentials } from '../../commands/sts/assume-role.js';
import { bufferContext } from '../helpers/context.js';

const issued = (format: IssuedCredentials['format']): IssuedCredentials => ({
  response: { RequestId: 'r-1', Credentials: { AccessKeyId: 'x' } },
  credentials: { accessKeyId: 'STS.x', accessKeySecret: "it's-a-secret", securityToken: 'tok', expiration: new Date('2026-11-22T10:03:00Z') },
  region: 'cn-hangzhou',
  format,
  command: 'aliaudit sts assume-role',
});

describe('presenting issued credentials', () => {
  it('json prints the API response as given', () => {
    const run = bufferContext();
    presentCredentials(issued('json'), run.ctx.io);
    expect(JSON.parse(run.stdout())).toEqual(issued('json').response);
  });

  it('hints how to load variable lines only when a person is looking, and never repeats the secret there', () => {
    const piped = bufferContext();
    presentCredentials(issued('env'), piped.ctx.io);
    expect(piped.stdout()).toContain("export ALIBABA_CLOUD_ACCESS_KEY_SECRET='it'\\''s-a-secret'");
    expect(piped.stderr()).toBe('');
    const tty = bufferContext({ tty: true });
    presentCredentials(issued('env'), tty.ctx.io);
    expect(tty.stderr()).toContain('eval "$(aliaudit sts assume-role … --format env)"');
    expect(tty.stderr()).not.toContain('secret');
    const external = bufferContext({ tty: true });
    presentCredentials(issued('external'), external.ctx.io);
    expect(external.stderr()).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { defaultSessionName } from '../../src/sts/session-name.js';
import { SESSION_NAME } from '../../profiles/fields.js';
import type { Context } from '../../src/cli/context.js';

const at = new Date('2026-11-22T09:00:00Z');
const seconds = String(at.getTime() / 1000);

function ctx(env: Record<string, string>): Context {
  return { env, now: () => at } as unknown as Context;
}

describe('defaultSessionName', () => {
  it('names the tool, the OS user and the time', () => {
    expect(defaultSessionName(ctx({ USER: 'alice' }))).toBe(`aliaudit-alice-${seconds}`);
  });

  it('replaces characters STS refuses', () => {
    expect(defaultSessionName(ctx({ USER: 'CORP\\jöhn smith' }))).toBe(`aliaudit-CORP-j-hn-smith-${seconds}`);
  });

  it('stays within 64 characters and keeps the timestamp', () => {
    const name = defaultSessionName(ctx({ USER: 'x'.repeat(200) }));
    expect(name.length).toBe(64);
    expect(name.endsWith(`-${seconds}`)).toBe(true);
    expect(SESSION_NAME.test(name)).toBe(true);
  });

  it('falls back to the OS account when the environment names nobody', () => {
    expect(SESSION_NAME.test(defaultSessionName(ctx({})))).toBe(true);
  });
});

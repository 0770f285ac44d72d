import { existsSync, readdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';

describe('aliaudit demo, as the README starts it', () => {
  it('with stdin not a terminal: exit 0, the HTML report printed last, nothing in HOME', async () => {
    const env = cleanEnv();
    const result = await runCli(['demo', '--latency', '0'], { env, cwd: env.HOME });
    const report = /^Open the report: (\/.+\.html)$/m.exec(result.stdout)?.[1];
    try {
      expect(result.stderr).toMatch(/^aliaudit demo: a made-up account served by a local emulator/);
      expect(result.code).toBe(0);
      expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(`Open the report: ${report}`);
      expect(existsSync(report!)).toBe(true);
      expect(readdirSync(env.HOME)).toEqual([]);
    } finally {
      if (report) rmSync(dirname(report), { recursive: true, force: true });
    }
  });
});

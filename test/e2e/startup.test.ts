import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliPath, repoRoot, runProcess } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/env.js';
import { startTestEmulator, type RunningEmulator } from '../helpers/emulator.js';

// The one-liners must stay light: no Ink, React, RAM or ECS SDK on their path (the README's layout: heavy modules load lazily).
const HEAVY = ['node_modules/ink/', 'node_modules/react/', 'node_modules/@alicloud/ram20150501/', 'node_modules/@alicloud/ecs20140526/'];

let emulator: RunningEmulator;
let config: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'aliaudit-startup-'));
  config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      current: 'alice',
      profiles: [
        { name: 'alice', mode: 'AK', access_key_id: 'LTAIalice001', access_key_secret: 'alice-secret-0001-do-not-share', region_id: 'cn-hangzhou' },
      ],
    }),
  );
});

afterAll(() => emulator?.stop());

/** Every source module bundled into the files a run of the CLI loaded. */
async function sourcesLoadedBy(args: string[]): Promise<string[]> {
  const out = join(mkdtempSync(join(tmpdir(), 'aliaudit-probe-')), 'probe.jsonl');
  const run = await runProcess(process.execPath, ['--import', join(repoRoot, 'bench/probe.mjs'), cliPath, ...args], {
    env: cleanEnv({ ALIAUDIT_PROBE_OUT: out }),
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const { modules } = JSON.parse(readFileSync(out, 'utf8').trim());
  const meta = JSON.parse(readFileSync(join(repoRoot, 'dist/meta.json'), 'utf8'));
  const loaded = (modules as string[])
    .map((url) => (url.startsWith('file:') ? fileURLToPath(url) : url))
    .map((file) => relative(repoRoot, file));
  return loaded.flatMap((file) => Object.keys(meta.outputs[file]?.inputs ?? { [file]: {} }));
}

describe('what a one-liner loads', () => {
  it('whoami and sts assume-role load the STS SDK and nothing heavy', async () => {
    const common = ['--config-path', config, '--endpoint', emulator.url];
    for (const args of [
      ['whoami', ...common],
      ['sts', 'assume-role', '--role-arn', 'acs:ram::1234567890123456:role/AuditRole', '--format', 'env', ...common],
    ]) {
      const sources = await sourcesLoadedBy(args);
      expect(sources.some((s) => s.includes('node_modules/@alicloud/sts20150401/'))).toBe(true);
      expect(sources.filter((s) => HEAVY.some((heavy) => s.includes(heavy)))).toEqual([]);
    }
  });

  it('configure subcommands load no Ink: the wizard loads it only when it opens', async () => {
    for (const args of [
      ['configure', 'list', '--config-path', config],
      ['configure', 'get', '--profile', 'alice', '--config-path', config],
    ]) {
      const sources = await sourcesLoadedBy(args);
      expect(sources.some((s) => s.startsWith('profiles/'))).toBe(true);
      expect(sources.filter((s) => HEAVY.some((heavy) => s.includes(heavy)) || s.startsWith('src/ui/wizard/'))).toEqual([]);
    }
  });

  it('--version loads nothing but the launcher and the version', async () => {
    const sources = await sourcesLoadedBy(['--version']);
    expect(sources.filter((s) => s.includes('node_modules'))).toEqual([]);
  });
});

// Start-up budgets of the one-liners (issue: whoami and `sts assume-role --format env` ≤ 3 × `node -e 0`,
// `--version` ≤ 1.5 ×, peak RSS ≤ 120 MB, no Ink/React/RAM/ECS SDK loaded). Prints figures; asserts nothing.
// Usage: npm run build && node bench/startup.mjs [runs]
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, median, root, scratch, startEmulator, writeAkConfig } from './lib.mjs';

const runs = Number(process.argv[2] ?? 21);
const { work, env, remove } = scratch();
const emulator = await startEmulator(env);
const { url } = emulator;
const config = writeAkConfig(work, { name: 'alice', keyId: 'LTAIalice001', secret: 'alice-secret-0001-do-not-share' });

const common = ['--config-path', config, '--endpoint', url];
const cases = [
  ['node -e 0', [process.execPath, '-e', '0']],
  ['aliaudit --version', [process.execPath, cli, '--version']],
  ['aliaudit whoami', [process.execPath, cli, 'whoami', ...common]],
  [
    'aliaudit sts assume-role --format env',
    [process.execPath, cli, 'sts', 'assume-role', '--role-arn', 'acs:ram::1234567890123456:role/AuditRole', '--format', 'env', ...common],
  ],
];

function timeOnce([command, ...args], extraEnv = {}) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return ms;
}

try {
  for (const [, argv] of cases) timeOnce(argv); // warm the file cache
  const samples = new Map(cases.map(([name]) => [name, []]));
  for (let i = 0; i < runs; i++) for (const [name, argv] of cases) samples.get(name).push(timeOnce(argv)); // interleaved
  const base = median(samples.get('node -e 0'));
  console.log(`startup, median of ${runs} interleaved runs (loopback emulator at ${url})`);
  for (const [name, argv] of cases) {
    const m = median(samples.get(name));
    let line = `  ${name.padEnd(40)} ${m.toFixed(1).padStart(7)} ms  ${(m / base).toFixed(2)} × node -e 0`;
    if (name !== 'node -e 0') {
      const probeOut = join(work, `probe-${Math.random()}.jsonl`);
      timeOnce(argv.slice(0, 1).concat(['--import', join(root, 'bench/probe.mjs'), ...argv.slice(1)]), { ALIAUDIT_PROBE_OUT: probeOut });
      const { rssKb, modules } = JSON.parse(readFileSync(probeOut, 'utf8').trim().split('\n').pop());
      const heavy = ['/ink/', '/react/', '@alicloud/ram20150501', '@alicloud/ecs20140526'].filter((h) => modules.some((u) => u.includes(h)));
      line += `  peak RSS ${(rssKb / 1024).toFixed(0)} MB  ${modules.length} modules${heavy.length ? `  LOADS ${heavy.join(', ')}` : ''}`;
    }
    console.log(line);
  }
} finally {
  emulator.stop();
  remove();
}

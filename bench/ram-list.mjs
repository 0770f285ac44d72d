// Budget of `ram user list` (issue 3): over 10,000 users, with the emulator adding 50 ms to every call,
// `aliaudit ram user list --output json` takes at most 1.3 × (pages at MaxItems 1000 × 50 ms + one `aliaudit whoami`),
// measured in one run. Prints figures; asserts nothing.
// Usage: npm run build && node bench/ram-list.mjs [runs]
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, fixtureWorld, median, scratch, startEmulator, writeAkConfig } from './lib.mjs';

const runs = Number(process.argv[2] ?? 5);
const USERS = 10_000;
const LATENCY_MS = 50;
const PAGE = 1000; // the MaxItems aliaudit asks for: RAM's largest page
const { work, env, remove } = scratch();

// The fixture account with exactly USERS users: its own, then numbered ones.
const world = JSON.parse(readFileSync(fixtureWorld, 'utf8'));
const users = world.Accounts[0].Users;
for (let i = users.length + 1; i <= USERS; i++) {
  users.push({ UserName: `user-${String(i).padStart(5, '0')}`, DisplayName: `User ${i}`, CreateDate: '-10d' });
}
const worldPath = join(work, 'world.json');
writeFileSync(worldPath, JSON.stringify(world));

const emulator = await startEmulator(env, worldPath, ['--latency', String(LATENCY_MS)]);
const { url } = emulator;
const config = writeAkConfig(work, { name: 'root', keyId: 'LTAIroot0001', secret: 'root-secret-0001-do-not-share' });

const common = ['--config-path', config, '--endpoint', url];
const list = [cli, 'ram', 'user', 'list', '--output', 'json', ...common];
const whoami = [cli, 'whoami', ...common];

function timeOnce(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`${args.slice(1).join(' ')} failed (${result.status}): ${result.stderr}`);
  return { ms, stdout: result.stdout };
}

try {
  const listed = JSON.parse(timeOnce(list).stdout).length; // also warms the file cache
  timeOnce(whoami);
  const samples = { list: [], whoami: [] };
  for (let i = 0; i < runs; i++) {
    samples.list.push(timeOnce(list).ms);
    samples.whoami.push(timeOnce(whoami).ms);
  }
  const pages = Math.ceil(USERS / PAGE);
  const listMs = median(samples.list);
  const whoamiMs = median(samples.whoami);
  const budget = 1.3 * (pages * LATENCY_MS + whoamiMs);
  console.log(`ram user list over ${USERS} users, emulator latency ${LATENCY_MS} ms a call, median of ${runs} runs (${url})`);
  console.log(`  users listed                                ${String(listed).padStart(8)}`);
  console.log(`  aliaudit whoami                             ${whoamiMs.toFixed(1).padStart(8)} ms`);
  console.log(`  aliaudit ram user list --output json        ${listMs.toFixed(1).padStart(8)} ms`);
  console.log(`  budget 1.3 × (${pages} pages × ${LATENCY_MS} ms + whoami)   ${budget.toFixed(1).padStart(8)} ms  → ${((listMs / budget) * 100).toFixed(0)}% of budget${listMs <= budget ? '' : '  OVER BUDGET'}`);
  console.log(`  all list runs: ${samples.list.map((ms) => ms.toFixed(0)).join(', ')} ms; whoami runs: ${samples.whoami.map((ms) => ms.toFixed(0)).join(', ')} ms`);
} finally {
  emulator.stop();
  remove();
}

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CREDENTIALS, demoWorld } from '../../src/emulator/worlds/demo.js';
import { runCli } from '../helpers/cli.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { cleanEnv } from '../helpers/env.js';

let dir: string;
let emulator: Awaited<ReturnType<typeof startTestEmulator>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aliaudit-outputs-'));
  writeFileSync(join(dir, 'demo.json'), JSON.stringify(demoWorld()));
  emulator = await startTestEmulator(join(dir, 'demo.json'));
});
afterAll(async () => {
  await emulator?.stop();
});

/** The built CLI's scan of the demo world into a folder of its own, the formats in the order given. */
async function scanInto(name: string, formats: string[]) {
  const out = join(dir, name);
  const env = cleanEnv({ HOME: dir, ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_CREDENTIALS.accessKeySecret });
  const result = await runCli(['scan', '--endpoint', emulator.url, '--output-directory', out, '--output-filename', name, '--output-formats', ...formats, '--progress', 'quiet', '--ignore-exit-code-3'], { env });
  expect([result.code, result.stderr]).toEqual([0, '']);
  return out;
}

const verdictsOfOcsf = (path: string) =>
  (JSON.parse(readFileSync(path, 'utf8')) as { metadata: { event_code: string }; resources: { uid: string }[]; status_code: string }[]).map((r) => `${r.metadata.event_code} ${r.resources[0].uid} ${r.status_code}`).sort();
const verdictsOfCsv = (path: string) =>
  (parse(readFileSync(path, 'utf8'), { delimiter: ';', columns: true }) as Record<string, string>[]).map((r) => `${r.CHECK_ID} ${r.RESOURCE_UID} ${r.STATUS}`).sort();

// The built CLI writes a spooled scan's second and later formats in worker threads: each file must still be whole.
describe('the report files of the built CLI', () => {
  it('are whole and agree with one another, whichever format a worker thread wrote', async () => {
    const first = await scanInto('a', ['json-ocsf', 'csv', 'sarif', 'html']);
    const second = await scanInto('b', ['csv', 'json-ocsf']);
    expect(readdirSync(first).sort()).toEqual(['a.csv', 'a.html', 'a.ocsf.json', 'a.sarif']);
    const ocsf = verdictsOfOcsf(join(first, 'a.ocsf.json'));
    expect(ocsf.length).toBeGreaterThan(5000);
    // The CSV of the first run came from a worker, the OCSF of the second too: the same verdicts either way.
    expect(verdictsOfCsv(join(first, 'a.csv'))).toEqual(ocsf);
    expect(verdictsOfOcsf(join(second, 'b.ocsf.json'))).toEqual(ocsf);
    expect(verdictsOfCsv(join(second, 'b.csv'))).toEqual(ocsf);
    const sarif = JSON.parse(readFileSync(join(first, 'a.sarif'), 'utf8'));
    expect(sarif.runs[0].results.length).toBe(ocsf.filter((line) => line.endsWith(' FAIL')).length);
    expect(readFileSync(join(first, 'a.html'), 'utf8').trimEnd()).toMatch(/<\/html>$/);
  }, 60_000);
});

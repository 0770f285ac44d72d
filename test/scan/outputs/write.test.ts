import { mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import {
  defaultFilename,
  MAX_NAME_TRIES,
  prepareOutputs,
  toCsv,
  toHtml,
  toOcsf,
  toSarif,
  writeOutputs,
  type OutputFormatName,
} from '../../../src/scan/outputs/index.js';
import { handMadeReport, info } from './fixtures.js';

const run = promisify(execFile);
const HEAP_LIMIT_MB = 250;

const roots: string[] = [];
async function temporaryDirectory(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'aliaudit-outputs-'));
  roots.push(dir);
  return dir;
}
afterAll(async () => {
  const { rm } = await import('node:fs/promises');
  await Promise.all(roots.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('prepareOutputs', () => {
  it('makes the folder before a scan, and refuses a chosen name whose files exist, touching nothing', async () => {
    const directory = join(await temporaryDirectory(), 'new', 'folder');
    await prepareOutputs({ formats: ['csv', 'html'], directory, given: 'weekly' });
    expect(await readdir(directory)).toEqual([]);
    await writeFile(join(directory, 'weekly.html'), 'last week');
    await expect(prepareOutputs({ formats: ['csv', 'html'], directory, given: 'weekly' })).rejects.toThrow(
      `--output-filename weekly: ${join(directory, 'weekly.html')} exists, and aliaudit never overwrites a report`,
    );
    // Without a chosen name, the default (timestamped) one moves on by itself when taken.
    await prepareOutputs({ formats: ['csv', 'html'], directory });
    await prepareOutputs({ formats: ['sarif'], directory, given: 'weekly' });
    await expect(prepareOutputs({ formats: ['csv'], directory, given: 'a/b' })).rejects.toThrow(/not a plain file name/);
    expect(await readFile(join(directory, 'weekly.html'), 'utf8')).toBe('last week');
    expect(await readdir(directory)).toEqual(['weekly.html']);
  });
});

describe('writeOutputs', () => {
  it('writes one file per format, HTML first, creating the directory, with what toX() returns', async () => {
    const report = handMadeReport();
    const directory = join(await temporaryDirectory(), 'reports', 'nested');
    const paths = await writeOutputs(report, { formats: ['csv', 'sarif', 'json-ocsf', 'html'], directory, filename: 'scan' });
    expect(paths).toEqual(['scan.html', 'scan.csv', 'scan.sarif', 'scan.ocsf.json'].map((name) => join(directory, name)));
    expect(await readFile(join(directory, 'scan.html'), 'utf8')).toBe(toHtml(report));
    expect(await readFile(join(directory, 'scan.csv'), 'utf8')).toBe(toCsv(report));
    expect(JSON.parse(await readFile(join(directory, 'scan.sarif'), 'utf8'))).toEqual(toSarif(report));
    expect(JSON.parse(await readFile(join(directory, 'scan.ocsf.json'), 'utf8'))).toEqual(toOcsf(report));
    expect((await readdir(directory)).sort()).toEqual(['scan.csv', 'scan.html', 'scan.ocsf.json', 'scan.sarif']);
    expect((await stat(paths[0])).mode & 0o777).toBe(0o600);
  });

  it('never replaces a file: a set whose name is taken moves, whole, to the next free name; no temporary file is left', async () => {
    const directory = await temporaryDirectory();
    const old = 'old report that is longer than the new one '.repeat(1000);
    await writeFile(join(directory, 'scan.csv'), old);
    const report = handMadeReport();
    expect(await writeOutputs(report, { formats: ['csv', 'csv'], directory, filename: 'scan' })).toEqual([join(directory, 'scan-2.csv')]);
    expect(await readFile(join(directory, 'scan.csv'), 'utf8')).toBe(old);
    expect(await readFile(join(directory, 'scan-2.csv'), 'utf8')).toBe(toCsv(report));
    // One taken name moves the whole set: the formats of one scan keep one name.
    await writeFile(join(directory, 'scan-3.html'), 'not ours');
    const moved = await writeOutputs(report, { formats: ['csv', 'html'], directory, filename: 'scan' });
    expect(moved).toEqual([join(directory, 'scan-4.html'), join(directory, 'scan-4.csv')]);
    expect((await readdir(directory)).sort()).toEqual(['scan-2.csv', 'scan-3.html', 'scan-4.csv', 'scan-4.html', 'scan.csv']);
    expect(await readFile(join(directory, 'scan-3.html'), 'utf8')).toBe('not ours');
    expect((await stat(moved[0])).mode & 0o777).toBe(0o600);
  });

  it('sets written at once under one name all arrive, each whole, under names of their own', async () => {
    const directory = await temporaryDirectory();
    const reports = Array.from({ length: 6 }, () => handMadeReport());
    const written = await Promise.all(reports.map((report) => writeOutputs(report, { formats: ['json-ocsf', 'csv', 'sarif'], directory, filename: 'same' })));
    const bases = written.map((paths) => {
      const names = paths.map((path) => path.slice(directory.length + 1));
      const base = names[0].replace(/\.ocsf\.json$/, '');
      expect(names).toEqual([`${base}.ocsf.json`, `${base}.csv`, `${base}.sarif`]);
      return base;
    });
    expect(bases.sort()).toEqual(['same', 'same-2', 'same-3', 'same-4', 'same-5', 'same-6']);
    for (const paths of written) expect(JSON.parse(await readFile(paths[0], 'utf8'))).toEqual(toOcsf(reports[0]));
    expect(await readdir(directory)).toHaveLength(18);
  });

  it(`gives up after ${MAX_NAME_TRIES} names, writing nothing`, async () => {
    const directory = await temporaryDirectory();
    await writeFile(join(directory, 'full.csv'), '');
    for (let n = 2; n <= MAX_NAME_TRIES; n++) await writeFile(join(directory, `full-${n}.csv`), '');
    await expect(writeOutputs(handMadeReport(), { formats: ['html', 'csv'], directory, filename: 'full' })).rejects.toThrow(/every name from full to full-100 is taken/);
    expect(await readdir(directory)).toHaveLength(MAX_NAME_TRIES);
  });

  it('refuses unknown formats, file names with a path, and a directory that is a file, writing nothing', async () => {
    const directory = await temporaryDirectory();
    const report = handMadeReport();
    await expect(writeOutputs(report, { formats: ['pdf' as OutputFormatName], directory, filename: 'x' })).rejects.toThrow(InputError);
    await expect(writeOutputs(report, { formats: ['csv'], directory, filename: '../escape' })).rejects.toThrow(/not a plain file name/);
    await expect(writeOutputs(report, { formats: ['csv'], directory, filename: '' })).rejects.toThrow(InputError);
    const file = join(directory, 'a-file');
    await writeFile(file, 'keep me');
    await expect(writeOutputs(report, { formats: ['csv'], directory: file, filename: 'x' })).rejects.toThrow(/is not a directory/);
    await expect(writeOutputs(report, { formats: ['csv'], directory: join(file, 'below'), filename: 'x' })).rejects.toThrow(`cannot be created: ${file} is not a directory`);
    expect(await readFile(file, 'utf8')).toBe('keep me');
    expect(await readdir(directory)).toEqual(['a-file']);
    expect(await writeOutputs(report, { formats: [], directory: join(directory, 'none'), filename: 'x' })).toEqual([]);
  });

  it.skipIf(process.platform !== 'linux')('refuses a folder that cannot be made, such as /proc/1/nope, at once', async () => {
    const error = await writeOutputs(handMadeReport(), { formats: ['csv'], directory: '/proc/1/nope/deeper', filename: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe('output directory /proc/1/nope/deeper cannot be created: /proc/1 does not take new folders (ENOENT)');
  });

  it("names files Prowler's way: aliaudit-<account>-<UTC start YYYYMMDDHHMMSS>", () => {
    expect(defaultFilename(info)).toBe('aliaudit-1234567890123456-20261129101530');
    expect(defaultFilename({ ...info, startedAt: '2026-01-02T23:04:05+08:00' })).toBe('aliaudit-1234567890123456-20260102150405');
    expect(defaultFilename({ ...info, accountUid: '../x y' })).toBe('aliaudit-.._x_y-20261129101530');
  });

  it('writes 120,000 findings in every format on a heap smaller than the largest file', async () => {
    // A child Node with --max-old-space-size: the findings themselves take about 145 MB of heap and the OCSF file
    // about 265 MB, so the heap limit only holds if no file is ever built whole in memory.
    const directory = await temporaryDirectory();
    const script = join(directory, 'write-big.mjs');
    await build({
      stdin: {
        contents: `
          import { stat } from 'node:fs/promises';
          import { generatedReport } from './fixtures.js';
          import { OUTPUT_FORMATS, writeOutputs } from '../../../src/scan/outputs/index.js';
          const report = generatedReport(120_000);
          const started = performance.now();
          const paths = await writeOutputs(report, { formats: [...OUTPUT_FORMATS], directory: process.argv[2], filename: 'big' });
          const seconds = (performance.now() - started) / 1000;
          const sizes = await Promise.all(paths.map(async (path) => (await stat(path)).size));
          console.log(JSON.stringify({ seconds, paths, sizes, heapLimitMb: ${HEAP_LIMIT_MB} }));
        `,
        resolveDir: import.meta.dirname,
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: script,
      logLevel: 'silent',
    });
    const { stdout } = await run(process.execPath, [`--max-old-space-size=${HEAP_LIMIT_MB}`, script, directory], {
      maxBuffer: 1 << 20,
    });
    const result = JSON.parse(stdout) as { seconds: number; paths: string[]; sizes: number[] };
    const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
    console.log(
      `120,000 findings written in ${result.seconds.toFixed(1)} s with a ${HEAP_LIMIT_MB} MB heap: ` +
        result.paths.map((p, i) => `${p.split('.').slice(1).join('.')} ${mb(result.sizes[i])}`).join(', '),
    );
    expect(result.paths.map((p) => p.slice(directory.length + 1))).toEqual(['big.html', 'big.ocsf.json', 'big.csv', 'big.sarif']);
    expect(Math.max(...result.sizes)).toBeGreaterThan(HEAP_LIMIT_MB * 1e6);
    const csv = await readFile(join(directory, 'big.csv'), 'utf8');
    expect(csv.split('\r\n').length).toBe(120_000 + 2);
  }, 180_000);
});

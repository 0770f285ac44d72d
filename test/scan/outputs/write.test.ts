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

  it('replaces an older report whole and leaves no temporary file behind', async () => {
    const directory = await temporaryDirectory();
    await writeFile(join(directory, 'scan.csv'), 'old report that is longer than the new one '.repeat(1000));
    const report = handMadeReport();
    await writeOutputs(report, { formats: ['csv', 'csv'], directory, filename: 'scan' });
    expect(await readFile(join(directory, 'scan.csv'), 'utf8')).toBe(toCsv(report));
    expect(await readdir(directory)).toEqual(['scan.csv']);
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
    await expect(writeOutputs(report, { formats: ['csv'], directory: join(file, 'below'), filename: 'x' })).rejects.toThrow(InputError);
    expect(await readFile(file, 'utf8')).toBe('keep me');
    expect(await readdir(directory)).toEqual(['a-file']);
    expect(await writeOutputs(report, { formats: [], directory: join(directory, 'none'), filename: 'x' })).toEqual([]);
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

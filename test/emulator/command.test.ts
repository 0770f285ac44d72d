import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { bufferContext } from '../helpers/context.js';
import { cleanEnv } from '../helpers/env.js';
import { WORLD_FILE } from './helpers.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/aliaudit.js');

function badWorld(): string {
  const world = JSON.parse(readFileSync(WORLD_FILE, 'utf8'));
  world.Accounts[0].Users[0].Acesskeys = [];
  const file = join(mkdtempSync(join(tmpdir(), 'aliaudit-world-')), 'bad.json');
  writeFileSync(file, JSON.stringify(world));
  return file;
}

describe('aliaudit emulator, in process', () => {
  it('serves the world until the command is stopped, then closes', async () => {
    const stop = new AbortController();
    const run = bufferContext({ signal: stop.signal });
    const exited = main(['emulator', '--world', WORLD_FILE, '--port', '0'], run.ctx);
    while (!run.stdout().includes('\n')) await new Promise((resolve) => setTimeout(resolve, 10));
    const url = /^listening (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(run.stdout())![1];
    expect(await (await fetch(`${url}/_emulator/health`)).json()).toEqual({ ok: true });
    stop.abort();
    expect(await exited).toBe(0);
    await expect(fetch(`${url}/_emulator/health`)).rejects.toThrow();
  });

  it('exits 2 naming the JSON path of a bad world field', async () => {
    const file = badWorld();
    const run = bufferContext();
    expect(await main(['emulator', '--world', file], run.ctx)).toBe(2);
    expect(run.stderr()).toContain('Accounts[0].Users[0].Acesskeys');
    expect(run.stderr()).toContain(file);
    expect(run.stdout()).toBe('');
  });

  it('exits 2 for a missing world file and a bad port', async () => {
    const missing = bufferContext();
    expect(await main(['emulator', '--world', join(tmpdir(), 'no-such-world.json')], missing.ctx)).toBe(2);
    expect(missing.stderr()).toContain('no-such-world.json');
    const port = bufferContext();
    expect(await main(['emulator', '--world', WORLD_FILE, '--port', '70000'], port.ctx)).toBe(2);
    expect(port.stderr()).toContain('--port');
  });
});

describe('aliaudit emulator, as a child process', () => {
  function listeningLine(child: ChildProcess): Promise<string> {
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(out);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before listening: ${out}`)));
    });
  }

  it('prints the listening line, serves, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--world', WORLD_FILE, '--port', '0'], { cwd: ROOT, env: cleanEnv() });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const line = await listeningLine(child);
    const match = /^listening (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(line);
    expect(match).not.toBeNull();
    expect(await (await fetch(`${match![1]}/_emulator/health`)).json()).toEqual({ ok: true });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('exits 2 naming the path for a bad world', async () => {
    const file = badWorld();
    const child = spawn(process.execPath, [BIN, 'emulator', '--world', file], { cwd: ROOT, env: cleanEnv() });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    expect(code).toBe(2);
    expect(stderr).toContain('Accounts[0].Users[0].Acesskeys');
  });
});

// Transpiles the TypeScript tree to dist/ file by file (no bundling), so lazy
// imports stay lazy and start-up loads only what a command needs.
import { build } from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['commands', 'profiles', 'src'];
const entryPoints = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) entryPoints.push(path);
  }
};
roots.forEach(walk);

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints,
  outdir: 'dist',
  outbase: '.',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  jsx: 'automatic',
  sourcemap: 'linked',
  logLevel: 'warning',
});


// bin/ reads the version from dist/src/version.js without loading the CLI.

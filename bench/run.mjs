// Runs every benchmark in turn; each prints its own figures.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
for (const file of readdirSync(here).filter((f) => f.endsWith('.mjs') && !['run.mjs', 'lib.mjs', 'probe.mjs', 'probe-hooks.mjs'].includes(f))) {
  console.log(`\n# ${file}`);
  spawnSync(process.execPath, [join(here, file)], { stdio: 'inherit' });
}

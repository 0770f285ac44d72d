import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/global-setup.ts', 'test/system-setup.ts'],
    setupFiles: ['test/setup.ts'],
    // Hang guards, not budgets: no test waits for a time to pass, but a loaded 2-core machine runs a scan of the test
    // world many times slower than an idle one.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The suite waits more than it computes (emulators on sockets, child processes, pseudo-terminals), so it runs more
    // files at once than there are cores: on CI's 2 cores, 3 (vitest's default, cores - 1, would run them one by one).
    maxWorkers: Math.max(2, Math.round(availableParallelism() * 1.5)),
    // The code keeps no module state (one process runs many command lines), so test files share their workers
    // instead of reloading every module: about 40 % faster, and a standing check that nothing leaks between runs.
    isolate: false,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    globalSetup: ['test/global-setup.ts', 'test/system-setup.ts'],
    setupFiles: ['test/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The code keeps no module state (one process runs many command lines), so test files share their workers
    // instead of reloading every module: about 40 % faster, and a standing check that nothing leaks between runs.
    isolate: false,
  },
});

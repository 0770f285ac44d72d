#!/usr/bin/env node
// Tiny launcher: answers --version without loading the CLI, then hands over.
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = await import('../dist/src/version.js');
  process.stdout.write(`${version}\n`);
} else {
  const { main } = await import('../dist/src/cli/main.js');
  process.exitCode = await main(args);
}

#!/usr/bin/env node
// Runs the command `aliaudit exec` was given, and makes sure it never outlives aliaudit: however aliaudit ends (even
// by SIGKILL, which nothing can catch), its end of the pipe on fd 3 closes, and the command is stopped. Signals
// aliaudit passes on are passed on to the command; the command's exit code or signal is this process's own.
import { spawn } from 'node:child_process';
import { Socket } from 'node:net';

const [file, ...args] = process.argv.slice(2);
const lifeline = new Socket({ fd: 3, readable: true, writable: true });
const child = spawn(file, args, { stdio: 'inherit' });

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];
const forward = (signal) => {
  // Ctrl-C at a terminal reaches the whole foreground group, the command included: do not send it twice.
  if (signal === 'SIGINT' && process.stdin.isTTY) return;
  child.kill(signal);
};
for (const signal of FORWARDED) process.on(signal, forward);

lifeline.on('data', () => {});
lifeline.on('error', () => {});
lifeline.on('close', () => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 2000).unref();
});

child.on('error', (error) => {
  lifeline.end(JSON.stringify({ spawnError: error.code ?? error.message }), () => process.exit(126));
});
child.on('exit', (code, signal) => {
  for (const name of FORWARDED) process.off(name, forward);
  if (signal) {
    lifeline.destroy();
    process.kill(process.pid, signal);
  } else {
    lifeline.end(() => process.exit(code ?? 0));
  }
});

#!/usr/bin/env node
// Runs the command `aliaudit exec` was given, and makes sure neither it nor anything it started outlives aliaudit:
// however aliaudit ends (even by SIGKILL, which nothing can catch), its end of the pipe on fd 3 closes, and the whole
// tree is stopped (bin/exec-tree.js); when the command ends first, what it left running is stopped before exec
// returns. Signals aliaudit passes on are passed on to the command; the command's exit code or signal is this
// process's own.
//
// The command stays in aliaudit's process group rather than one of its own: at a terminal that is the foreground
// group, so an interactive shell or a prompt can read the terminal, Ctrl-C and Ctrl-Z reach it as before, and a kill
// of the whole group (a CI runner cancelling a job, a closed terminal) takes it with the rest. A group of its own would
// lose all that, since Node cannot hand it the terminal (tcsetpgrp); the tree is found in the process table instead.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Socket } from 'node:net';
import { constants } from 'node:os';
import { SESSION_VARIABLE, stopTree } from './exec-tree.js';

const [file, ...args] = process.argv.slice(2);
const lifeline = new Socket({ fd: 3, readable: true, writable: true });
const marker = randomBytes(16).toString('hex');
const child = spawn(file, args, { stdio: 'inherit', env: { ...process.env, [SESSION_VARIABLE]: marker } });

let stopping;
const stopEverything = () => (stopping ??= stopTree({ marker }));

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];
const forward = (signal) => {
  // Ctrl-C at a terminal reaches the whole foreground group, the command included: do not send it twice.
  if (signal === 'SIGINT' && process.stdin.isTTY) return;
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
// Kept until this process ends, so that a signal cannot end it halfway through stopping the tree.
for (const signal of FORWARDED) process.on(signal, forward);

lifeline.on('data', () => {});
lifeline.on('error', () => {});
lifeline.on('close', () => void stopEverything());

child.on('error', (error) => {
  lifeline.end(JSON.stringify({ spawnError: error.code ?? error.message }), () => process.exit(126));
});
child.on('exit', async (code, signal) => {
  await stopEverything();
  for (const name of FORWARDED) process.off(name, forward);
  if (signal) {
    lifeline.destroy();
    process.kill(process.pid, signal);
    // A signal Node ignores (SIGPIPE) does not end this process: exit as a shell would report it.
    process.exitCode = 128 + (constants.signals[signal] ?? 0);
    setTimeout(() => process.exit(), 100).unref();
  } else if (lifeline.destroyed) {
    process.exit(code ?? 0);
  } else {
    lifeline.end(() => process.exit(code ?? 0));
  }
});

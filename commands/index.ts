import type { Command } from '../src/cli/command.js';
import { configureCommand } from './configure/index.js';
import { whoamiCommand } from './whoami.js';
import { stsCommand } from './sts/index.js';
import { execCommand } from './exec.js';
import { emulatorCommand } from './emulator.js';
import { ramCommand } from './ram/index.js';
import { scanCommand } from './scan.js';
import { findingsCommand, rescanCommand, whyCommand } from './findings.js';
import { demoCommand } from './demo.js';
import { shellCommand } from './shell.js';

/** Every top-level verb, imported explicitly (no commandDir) so start-up loads only small modules. */
export const commands: Command<any>[] = [
  configureCommand,
  whoamiCommand,
  stsCommand,
  execCommand,
  ramCommand,
  scanCommand,
  findingsCommand,
  whyCommand,
  rescanCommand,
  demoCommand,
  emulatorCommand,
  shellCommand,
];

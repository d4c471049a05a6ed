#!/usr/bin/env node
// `xionimus start | migrate up|down|status | backup | restore | user create | user reset-password | review`
import { Command, CommanderError } from 'commander';
import { run } from './commands.js';

const program = new Command('xionimus').description('Xionimus, the self-hosted AI development platform');
run(program, process.argv, process.env).catch((error: unknown) => {
  // Commander has already printed its own errors and help; anything else is ours to print.
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode;
    return;
  }
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});

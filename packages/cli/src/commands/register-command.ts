// The shape of every command module's entry point: it adds its command (and subcommands) to the
// program. main.ts loads a module only when its command runs.
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

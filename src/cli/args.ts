/**
 * Strict command-line parsing over node:util's parseArgs: unknown flags and missing values
 * become a {@link UsageError} that names the command's `--help`.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs<O extends OptionSpec> {
  readonly values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };
  readonly positionals: string[];
}

/** Parses `argv` for `command` (used in error messages) with the given options. */
export function parseCommandArgs<O extends OptionSpec>(
  command: string,
  argv: readonly string[],
  options: O,
): ParsedArgs<O> {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
    return { values: values, positionals };
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^.*?: /, '') : String(error);
    throw new UsageError(`${message}\nSee \`burrow ${command} --help\`.`);
  }
}

/**
 * `burrow ctl <command>`: talks to a running `burrow daemon` over its Unix socket.
 * Every command prints a human summary, or with `--json` the node API's JSON shape.
 * `status`, `health`, `visibility` (visibility-command.ts) and `events` belong to no service; every
 * service has its own table (<service>/ctl/ctl-commands.ts).
 */
import { jsonSafe } from '../text/json-safe.js';
import { DaemonClient } from '../daemon/client.js';
import { daemonSocketPath } from '../daemon/socket-path.js';
import { profileExists, resolveProfileDir } from '../store/index.js';
import { parseCommandArgs } from './args.js';
import type { CtlCommand, CtlOutput, CtlSubcommandHelp } from './ctl-command.js';
import { formatHealth, formatStatus } from './format.js';
import type { ProcessHealth } from '../daemon/process-health.js';
import type { NodeStatus } from '../node/api.js';
import { CONTACT_CTL_COMMANDS } from '../contacts/ctl/ctl-commands.js';
import { CHAT_CTL_COMMANDS } from '../chat/ctl/ctl-commands.js';
import { GROUP_CTL_COMMANDS } from '../groups/ctl/ctl-commands.js';
import { RELAY_CTL_COMMANDS } from '../relay/ctl/ctl-commands.js';
import { FILE_CTL_COMMANDS } from '../files/ctl/ctl-commands.js';
import { WALL_CTL_COMMANDS } from '../walls/ctl/ctl-commands.js';
import { VISIBILITY_CTL_COMMANDS } from './visibility-command.js';
import { UsageError } from './usage-error.js';
import { ctlCommandHelp, ctlOverviewHelp, ctlSubcommandHelp } from './ctl-help.js';
import { EXIT } from './exit-codes.js';
import { profileFlagHint, profileMissing } from './profile-hint.js';

const COMMANDS: Readonly<Record<string, CtlCommand>> = {
  status: {
    usage: 'status',
    summary: 'your address, Tor state, friends online',
    minArgs: 0,
    maxArgs: 0,
    run: async (client, _args, _flags, output) => {
      const status = (await client.call('status')) as NodeStatus;
      return output.print(status, () => formatStatus(status));
    },
  },
  health: {
    usage: 'health',
    summary: "the daemon's memory, open files and event-loop delay",
    minArgs: 0,
    maxArgs: 0,
    run: async (client, _args, _flags, output) => {
      const health = (await client.call('health')) as ProcessHealth;
      return output.print(health, () => formatHealth(health));
    },
  },
  ...VISIBILITY_CTL_COMMANDS,
  ...CONTACT_CTL_COMMANDS,
  ...CHAT_CTL_COMMANDS,
  ...GROUP_CTL_COMMANDS,
  ...RELAY_CTL_COMMANDS,
  ...FILE_CTL_COMMANDS,
  ...WALL_CTL_COMMANDS,
  events: {
    usage: 'events',
    summary: 'print node events as JSON lines until interrupted',
    minArgs: 0,
    maxArgs: 0,
    run: (client) => streamEvents(client),
  },
};

/** Flags a command may take, with their parse types (every command also takes the common ones). */
const OPTIONS = {
  ...tableFlags(COMMANDS),
  json: { type: 'boolean' },
  profile: { type: 'string' },
  testnet: { type: 'string' },
  limit: { type: 'string' },
  before: { type: 'string' },
  dest: { type: 'string' },
  envelopes: { type: 'string' },
  bytes: { type: 'string' },
  'reply-to': { type: 'string' },
  'for-everyone': { type: 'boolean' },
  remove: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
const COMMON_FLAGS = new Set(['json', 'profile', 'testnet', 'help']);

/** Every command of `burrow ctl`, by name: the one table help, completion and the man page are made from. */
export const CTL_COMMANDS = COMMANDS;

/** The flags the table's commands name take a value unless OPTIONS says otherwise. */
function tableFlags(commands: Readonly<Record<string, CtlCommand>>): Record<string, { type: 'string' }> {
  const flags = Object.values(commands).flatMap((command) => command.flags ?? []);
  return Object.fromEntries(flags.map((flag) => [flag, { type: 'string' as const }]));
}

/** Prints the help asked for (`--help`, `help [command]`, `<command> help`) and returns 0; undefined when none was. */
function printHelpIfAsked(positionals: readonly string[], helpFlag: boolean): number | undefined {
  const words = positionals[0] === 'help' ? positionals.slice(1) : positionals;
  const [name, sub] = words;
  const command = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  const subcommands = command?.subcommands;
  const subAsked = subcommands !== undefined && (sub === 'help' || words[2] === 'help');
  if (!helpFlag && positionals[0] !== 'help' && !subAsked) return undefined;
  if (name === undefined) console.log(ctlOverviewHelp(COMMANDS));
  else if (command === undefined) throw new UsageError(`unknown ctl command "${name}". See \`burrow ctl --help\`.`);
  else if (subcommands !== undefined && sub !== undefined && Object.hasOwn(subcommands, sub))
    console.log(ctlSubcommandHelp(name, subcommands[sub] as CtlSubcommandHelp, command.flags ?? []));
  else console.log(ctlCommandHelp(name, command));
  return 0;
}

export async function runCtlCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('ctl', argv, OPTIONS);
  const helped = printHelpIfAsked(positionals, values.help === true);
  if (helped !== undefined) return helped;
  const [name, ...args] = positionals;
  if (name === undefined) {
    console.error(ctlOverviewHelp(COMMANDS));
    return EXIT.usage;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) throw new UsageError(`unknown ctl command "${name}". See \`burrow ctl --help\`.`);
  const flags: Record<string, string | undefined> = {};
  for (const [flag, value] of Object.entries(values)) {
    if (COMMON_FLAGS.has(flag)) continue;
    if (!(command.flags ?? []).includes(flag))
      throw new UsageError(`--${flag} does not go with \`${name}\`. Usage: burrow ctl ${command.usage}`);
    flags[flag] = value as string;
  }
  if (args.length < command.minArgs || (command.joinRest !== true && args.length > command.maxArgs)) {
    throw new UsageError(`wrong number of arguments. Usage: burrow ctl ${command.usage}`);
  }
  if (command.joinRest === true && args.length > command.maxArgs) {
    args.splice(command.maxArgs - 1, args.length, args.slice(command.maxArgs - 1).join(' '));
  }
  const json = values.json === true;
  const output: CtlOutput = {
    print: (value, human) => {
      console.log(json ? jsonSafe(value ?? null, 2) : human());
      return 0;
    },
  };
  const client = await connectToDaemon(values.profile);
  try {
    return await command.run(client, args, flags, output);
  } finally {
    client.close();
  }
}

/** The daemon of the profile the user named (or the default one), with hints that repeat their --profile. */
export async function connectToDaemon(profileFlag: string | undefined): Promise<DaemonClient> {
  const profileDir = resolveProfileDir({ profileFlag, env: process.env });
  if (!profileExists(profileDir)) throw profileMissing(profileDir, profileFlag);
  return DaemonClient.connect(daemonSocketPath(profileDir), undefined, `burrow daemon${profileFlagHint(profileFlag)}`);
}

async function streamEvents(client: DaemonClient): Promise<number> {
  await client.subscribe((event) => console.log(jsonSafe(event)));
  const interrupted = new Promise<'interrupted'>((resolve) => {
    process.once('SIGINT', () => resolve('interrupted'));
    process.once('SIGTERM', () => resolve('interrupted'));
  });
  const outcome = await Promise.race([interrupted, client.closed.then(() => 'closed' as const)]);
  if (outcome === 'closed') {
    console.error('burrow ctl: the daemon closed the connection');
    return 1;
  }
  return 0;
}

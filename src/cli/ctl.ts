/**
 * `burrow ctl <command>`: talks to a running `burrow daemon` over its Unix socket.
 * Every command prints a human summary, or with `--json` the node API's JSON shape.
 * `status`, `health` and `events` belong to no service and live here; every service has its own table
 * (<service>/ctl/ctl-commands.ts).
 */
import { jsonSafe } from '../text/json-safe.js';
import { DaemonClient } from '../daemon/client.js';
import { daemonSocketPath } from '../daemon/socket-path.js';
import { resolveProfileDir } from '../store/index.js';
import { parseCommandArgs } from './args.js';
import type { CtlCommand, CtlOutput } from './ctl-command.js';
import { formatHealth, formatStatus } from './format.js';
import type { ProcessHealth } from '../daemon/process-health.js';
import type { NodeStatus } from '../node/api.js';
import { CONTACT_CTL_COMMANDS } from '../contacts/ctl/ctl-commands.js';
import { CHAT_CTL_COMMANDS } from '../chat/ctl/ctl-commands.js';
import { GROUP_CTL_COMMANDS } from '../groups/ctl/ctl-commands.js';
import { RELAY_CTL_COMMANDS } from '../relay/ctl/ctl-commands.js';
import { FILE_CTL_COMMANDS } from '../files/ctl/ctl-commands.js';
import { UsageError } from './usage-error.js';

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
  ...CONTACT_CTL_COMMANDS,
  ...CHAT_CTL_COMMANDS,
  ...GROUP_CTL_COMMANDS,
  ...RELAY_CTL_COMMANDS,
  ...FILE_CTL_COMMANDS,
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

function help(): string {
  const width = Math.max(...Object.values(COMMANDS).map((command) => command.usage.length));
  const lines = Object.values(COMMANDS).map((command) =>
    command.usage.length > width
      ? `  ${command.usage}\n  ${' '.repeat(width)}  ${command.summary}`
      : `  ${command.usage.padEnd(width)}  ${command.summary}`,
  );
  return `Usage: burrow ctl <command> [arguments] [--json] [--profile DIR]

Talks to the running \`burrow daemon\` of a profile.

Commands:
${lines.join('\n')}

Options:
  --json           print JSON instead of text
  --profile DIR    the profile whose daemon to talk to
  --testnet DIR    accepted for symmetry with other commands (the daemon already chose its network)
  -h, --help       show this help`;
}

export async function runCtlCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('ctl', argv, OPTIONS);
  const [name, ...args] = positionals;
  if (values.help === true || name === undefined) {
    console.log(help());
    return name === undefined && values.help !== true ? 2 : 0;
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
  const profileDir = resolveProfileDir({ profileFlag: values.profile, env: process.env });
  const client = await DaemonClient.connect(daemonSocketPath(profileDir));
  try {
    return await command.run(client, args, flags, output);
  } finally {
    client.close();
  }
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

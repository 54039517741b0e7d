/**
 * `burrow ctl <command>`: talks to a running `burrow daemon` over its Unix socket.
 * Every command prints a human summary, or with `--json` the node API's JSON shape.
 */
import type { ContactView, MessageView, NodeStatus } from '../node/api.js';
import { DaemonClient } from '../daemon/client.js';
import { daemonSocketPath } from '../daemon/socket-path.js';
import { resolveProfileDir } from '../store/index.js';
import { parseCommandArgs } from './args.js';
import { formatContacts, formatHistory, formatMessage, formatRequests, formatStatus } from './format.js';
import { UsageError } from './usage-error.js';

const HELP = `Usage: burrow ctl <command> [arguments] [--json] [--profile DIR]

Talks to the running \`burrow daemon\` of a profile.

Commands:
  status                      your address, Tor state, friends online
  contacts                    friends, pending requests and blocked contacts
  requests                    incoming contact requests
  add <onion> <message>       send a contact request with a short message
  accept <onion>              accept a contact request
  reject <onion>              reject a contact request
  block <onion>               block an address (its connections are dropped)
  remove <onion>              remove a contact
  nick <onion> <name>         set a local nickname
  send <onion> <text>         send a message to a friend
  history <onion> [--limit N] [--before ID]
                              the conversation, oldest first (default last 50)
  read <onion>                mark a conversation read
  events                      print node events as JSON lines until interrupted

Options:
  --json                      print JSON instead of text
  --profile DIR               the profile whose daemon to talk to
  --testnet DIR               accepted for symmetry with other commands (the daemon already chose its network)
  -h, --help                  show this help`;

const OPTIONS = {
  json: { type: 'boolean' },
  profile: { type: 'string' },
  testnet: { type: 'string' },
  limit: { type: 'string' },
  before: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Positional arguments each command takes: [required count, joins the rest into the last one]. */
const ARITY: Record<string, readonly [number, boolean]> = {
  status: [0, false],
  contacts: [0, false],
  requests: [0, false],
  events: [0, false],
  add: [2, true],
  accept: [1, false],
  reject: [1, false],
  block: [1, false],
  remove: [1, false],
  nick: [2, true],
  send: [2, true],
  history: [1, false],
  read: [1, false],
};

export async function runCtlCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('ctl', argv, OPTIONS);
  const [command, ...args] = positionals;
  if (values.help === true || command === undefined) {
    console.log(HELP);
    return command === undefined && values.help !== true ? 2 : 0;
  }
  const arity = ARITY[command];
  if (arity === undefined) throw new UsageError(`unknown ctl command "${command}". See \`burrow ctl --help\`.`);
  const [required, joinRest] = arity;
  if (args.length < required || (!joinRest && args.length > required)) {
    throw new UsageError(`\`${command}\` takes ${required === 0 ? 'no arguments' : `${required} argument${required > 1 ? 's' : ''}`}. See \`burrow ctl --help\`.`);
  }
  if (joinRest && required > 0) args.splice(required - 1, args.length, args.slice(required - 1).join(' '));
  if ((values.limit !== undefined || values.before !== undefined) && command !== 'history') {
    throw new UsageError('--limit and --before only go with `history`.');
  }
  const limit = values.limit === undefined ? undefined : parseLimit(values.limit);
  const json = values.json === true;
  const profileDir = resolveProfileDir({ ...(values.profile === undefined ? {} : { profileFlag: values.profile }), env: process.env });
  const client = await DaemonClient.connect(daemonSocketPath(profileDir));
  try {
    if (command === 'events') return await streamEvents(client);
    const [first = '', second = ''] = args;
    const print = (value: unknown, human: () => string): number => {
      console.log(json ? JSON.stringify(value ?? null, null, 2) : human());
      return 0;
    };
    switch (command) {
      case 'status': {
        const status = (await client.call('status')) as NodeStatus;
        return print(status, () => formatStatus(status));
      }
      case 'contacts': {
        const contacts = (await client.call('contacts')) as ContactView[];
        return print(contacts, () => formatContacts(contacts));
      }
      case 'requests': {
        const requests = (await client.call('requests')) as ContactView[];
        return print(requests, () => formatRequests(requests));
      }
      case 'add':
        return print(await client.call('add', { onion: first, message: second }), () => `contact request queued for ${first}`);
      case 'accept':
      case 'block': {
        const contact = (await client.call(command, { onion: first })) as ContactView;
        return print(contact, () => `${contact.onion}: ${contact.state}`);
      }
      case 'reject':
      case 'remove':
      case 'read':
        return print(await client.call(command, { onion: first }), () => `${command}: done`);
      case 'nick': {
        const contact = (await client.call('nick', { onion: first, nickname: second })) as ContactView;
        return print(contact, () => `${contact.onion} is now "${contact.nickname ?? ''}"`);
      }
      case 'send': {
        const message = (await client.call('send', { onion: first, text: second })) as MessageView;
        return print(message, () => formatMessage(message));
      }
      case 'history': {
        const params = { onion: first, ...(limit === undefined ? {} : { limit }), ...(values.before === undefined ? {} : { before: values.before }) };
        const messages = (await client.call('history', params)) as MessageView[];
        return print(messages, () => formatHistory(messages));
      }
      default:
        throw new UsageError(`unknown ctl command "${command}"`);
    }
  } finally {
    client.close();
  }
}

function parseLimit(text: string): number {
  const limit = Number(text);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 500) throw new UsageError('--limit must be a whole number from 1 to 500.');
  return limit;
}

async function streamEvents(client: DaemonClient): Promise<number> {
  await client.subscribe((event) => console.log(JSON.stringify(event)));
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

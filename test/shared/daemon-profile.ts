/**
 * A Burrow profile and its `burrow daemon` process, driven over the daemon's socket as
 * `burrow ctl` drives it: for the benchmarks and Tor tests that run many daemons, kill them and
 * start them again. No vitest here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DaemonClient } from '../../src/daemon/client.js';
import { daemonSocketPath } from '../../src/daemon/socket-path.js';
import type { GroupInviteView, GroupView } from '../../src/groups/feature/api.js';
import type { ContactView } from '../../src/node/api.js';
import { runBurrow, startDaemon, type RunningDaemon } from './burrow-cli.js';
import { until } from './until.js';

/** How long a daemon may take to start (its tor bootstraps first). */
const START_MS = 300_000;
/** How long one step between daemons over Tor may take. */
const STEP_MS = 300_000;
/** History page size (the node API's maximum). */
const PAGE = 500;

/** A profile and its `burrow daemon`, which may be killed and started again. */
export class DaemonProfile {
  daemon: RunningDaemon | undefined;
  #client: DaemonClient | undefined;
  onion = '';
  readonly profile: string;
  readonly env: NodeJS.ProcessEnv;

  constructor(
    readonly name: string,
    root: string,
    /** Which tor the daemon uses: `['--testnet', DIR]` or `['--tor-control', 'HOST:PORT']`. */
    readonly torFlags: readonly string[],
  ) {
    this.profile = join(root, name);
    this.env = { BURROW_PASSPHRASE: `${name} passphrase for a daemon profile` };
  }

  async init(): Promise<void> {
    const created = await runBurrow(['init', '--json', '--profile', this.profile, '--name', this.name], this.env);
    if (created.code !== 0) throw new Error(`burrow init ${this.name}: ${created.stderr}`);
    this.onion = (JSON.parse(created.stdout) as { onion: string }).onion;
  }

  async start(): Promise<void> {
    this.daemon = await startDaemon(this.profile, this.env, { timeoutMs: START_MS, torFlags: this.torFlags });
  }

  async kill(): Promise<void> {
    const daemon = this.daemon;
    this.daemon = undefined;
    this.#client?.close();
    this.#client = undefined;
    await daemon?.kill();
  }

  async stop(): Promise<void> {
    const daemon = this.daemon;
    this.daemon = undefined;
    this.#client?.close();
    this.#client = undefined;
    const code = await daemon?.stop();
    if (code !== undefined && code !== 0) throw new Error(`${this.name}'s daemon exited with ${code}`);
  }

  /** Calls a daemon method; throws while the daemon is down (the caller decides whether to retry). */
  async call<T>(method: string, params?: Record<string, unknown>): Promise<T> {
    if (this.daemon === undefined) throw new Error(`${this.name} is down`);
    this.#client ??= await DaemonClient.connect(daemonSocketPath(this.profile));
    try {
      return (await this.#client.call(method, params)) as T;
    } catch (error) {
      this.#client?.close();
      this.#client = undefined;
      throw error;
    }
  }

  /** Every message text of a conversation (1:1: `history`; group: `group.history`), oldest first. */
  async texts(method: 'history' | 'group.history', key: Record<string, string>): Promise<MessageLine[]> {
    const all: MessageLine[] = [];
    let before: string | undefined;
    for (;;) {
      const page = await this.call<MessageLine[]>(method, { ...key, limit: PAGE, ...(before ? { before } : {}) });
      all.unshift(...page);
      if (page.length < PAGE) return all;
      before = page[0]!.id;
    }
  }
}

export interface MessageLine {
  readonly id: string;
  /** Absent on a group's system lines. */
  readonly text?: string;
  readonly direction?: 'in' | 'out';
  readonly state?: string;
}

/** Polls `condition` (a daemon call that may fail while it restarts) until it holds, for one step's time. */
export const untilDaemons = (condition: () => Promise<boolean>, what: string): Promise<void> =>
  until(() => condition().catch(() => false), what, STEP_MS, 250);

/** `a` asks `b` to be friends, `b` accepts; resolves once `a` sees the accept. */
export async function befriendDaemons(a: DaemonProfile, b: DaemonProfile): Promise<void> {
  await a.call('add', { onion: b.onion, message: `hello from ${a.name}` });
  await untilDaemons(
    async () => (await b.call<ContactView[]>('requests')).some((r) => r.onion === a.onion),
    `${b.name} gets ${a.name}'s request`,
  );
  await b.call('accept', { onion: a.onion });
  await untilDaemons(
    async () => (await a.call<ContactView[]>('contacts')).some((c) => c.onion === b.onion && c.state === 'friend'),
    `${a.name} sees ${b.name} accept`,
  );
}

/** `admin` creates group `name` and invites `members` (its friends), who accept; returns the group id. */
export async function groupOfDaemons(
  admin: DaemonProfile,
  members: readonly DaemonProfile[],
  name: string,
): Promise<string> {
  const group = await admin.call<GroupView>('group.create', { name });
  for (const member of members) await admin.call('group.invite', { group: group.id, onion: member.onion });
  for (const member of members) {
    let invite: GroupInviteView | undefined;
    await untilDaemons(async () => {
      invite = (await member.call<GroupInviteView[]>('group.invitations')).find((i) => i.groupId === group.id);
      return invite !== undefined;
    }, `${member.name} invited to ${name}`);
    await member.call('group.accept', { invite: invite!.id });
    await untilDaemons(
      async () => (await member.call<GroupView[]>('group.list')).some((g) => g.id === group.id),
      `${member.name} in ${name}`,
    );
  }
  return group.id;
}

/** `--tor-control` for a daemon attached to client tor `tor` (Burrow's tor writes its control port to a file in its data directory). */
export function torControlFlags(tor: { readonly dataDir: string }): string[] {
  const line = readFileSync(join(tor.dataDir, 'control-port'), 'utf8').trim();
  return ['--tor-control', line.replace(/^PORT=/, '')];
}

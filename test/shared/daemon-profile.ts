/**
 * A Burrow profile and its `burrow daemon` process, driven over the daemon's socket as
 * `burrow ctl` drives it: for the benchmarks and Tor tests that run many daemons, kill them and
 * start them again. No vitest here.
 */
import { join } from 'node:path';
import { DaemonClient } from '../../src/daemon/client.js';
import { daemonSocketPath } from '../../src/daemon/socket-path.js';
import { runBurrow, startDaemon, type RunningDaemon } from './burrow-cli.js';

/** How long a daemon may take to start (its tor bootstraps first). */
const START_MS = 300_000;
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

/**
 * `burrow demo` without the terminal: a private Tor network on this machine, three scripted
 * friends (Ada, already a friend, who answers; Grace, who sends a contact request a few
 * seconds after the user's node starts and later invites them into a group of hers; Linus, a
 * friend of Ada's who asks to be the user's friend and goes offline now and then, so a
 * message to him shows offline delivery through Ada), and the user's own node, created from
 * the UI's onboarding. {@link Demo.stop} ends every process any of it started.
 *
 * Ada, Grace and Linus know each other from the start (Grace's group needs Ada as her friend,
 * the relay needs Ada as a friend of both the user and Linus). Grace and Linus hold nothing
 * for friends, so a message to Linus is held by exactly one friend: Ada.
 *
 * Ada is a friend from the first screen because the user's identity is chosen before the UI
 * opens: the demo draws the seed, Ada's profile lists its onion address as a friend before her
 * node starts, and the user's profile (created with that seed) lists Ada. Both sides having
 * added each other is what a request and an accept would have stored.
 */
import { randomBytes } from 'node:crypto';
import { identityFromSeed } from '../crypto/identity.js';
import type { OnionAddress } from '../crypto/onion-address.js';
import { AbortedError } from '../errors.js';
import { logger } from '../log.js';
import type { NodeApi } from '../node/api.js';
import { mkdir } from 'node:fs/promises';
import { startNodeRuntime, type NodeRuntime } from '../runtime/node-runtime.js';
import { createProfile, openProfile, type ProfileStore } from '../store/index.js';
import { startTestnet, stopTestnet, TestnetStopError, type TestnetProgress } from '../testnet/index.js';
import { closeProfiles, createFriendProfile, DemoFriends, type FriendProfile } from './demo-friends.js';
import { demoPaths, type DemoPaths } from './demo-dir.js';
import { ADA, GRACE, LINUS } from './personas.js';

const log = logger('demo');

/** From the user's node starting to Grace's contact request: time to look around first. */
export const GRACE_REQUEST_DELAY_MS = 8_000;
/** From the user's node starting to Linus's contact request: after Grace's, one thing at a time. */
export const LINUS_REQUEST_DELAY_MS = 25_000;
/**
 * How long a friend is offline before a message to them is sealed and handed to friends, in
 * the demo: the real 30 s (docs/ARCHITECTURE.md "Services/Relay") would be a long wait to
 * show it.
 */
export const DEMO_RELAY_GRACE_MS = 5_000;
/** Bytes of an ed25519 seed. */
const SEED_BYTES = 32;
/** Share of the progress bar the network takes; starting the friends takes the rest. */
const NETWORK_SHARE = 0.9;

/** Options of {@link Demo.start}. */
export interface StartDemoOptions {
  /** The demo's directory, new or empty (demo-dir.ts `makeDemoDir`). */
  readonly dir: string;
  /** Cancels the start; whatever was started is stopped. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (step: TestnetProgress) => void;
}

/**
 * A running demo.
 *
 * @example
 * const demo = await Demo.start({ dir, signal, onProgress: draw });
 * const api = await demo.createUser('Sam', passphrase); // from the UI's onboarding
 * // … the UI runs on `api`
 * await demo.stop();
 */
export class Demo {
  /** Where everything lives. */
  readonly paths: DemoPaths;
  readonly #friends: DemoFriends;
  readonly #ada: FriendProfile;
  readonly #requestTimers: NodeJS.Timeout[] = [];
  readonly #userSeed: Uint8Array;
  readonly #userOnion: OnionAddress;
  /** Aborted by stop(): cancels a user node that is still starting. */
  readonly #abort = new AbortController();
  #userStart: Promise<unknown> | undefined;
  #runtime: NodeRuntime | undefined;
  #stopping: Promise<readonly string[]> | undefined;

  private constructor(init: { paths: DemoPaths; friends: DemoFriends; ada: FriendProfile; userSeed: Uint8Array }) {
    this.paths = init.paths;
    this.#friends = init.friends;
    this.#ada = init.ada;
    this.#userSeed = init.userSeed;
    this.#userOnion = identityFromSeed(init.userSeed).onionAddress;
  }

  /**
   * Starts the network (reporting its progress) while creating the friends' profiles, then
   * starts the friends. Resolves once the user's profile can be created. On failure or abort,
   * stops everything it started and rejects (`AbortedError` when `signal` fired).
   */
  static async start(options: StartDemoOptions): Promise<Demo> {
    const { signal } = options;
    const paths = demoPaths(options.dir);
    const userSeed = new Uint8Array(randomBytes(SEED_BYTES));
    const user = identityFromSeed(userSeed).onionAddress;
    const report = (message: string, fraction: number): void => options.onProgress?.({ message, fraction });

    const [network, profiles] = await Promise.allSettled([
      startTestnet({
        dir: paths.network,
        ownerPid: process.pid,
        ...(signal === undefined ? {} : { signal }),
        onProgress: (step) => report(step.message, step.fraction * NETWORK_SHARE),
      }),
      createFriendProfiles(paths, signal),
    ]);
    if (network.status === 'rejected' || profiles.status === 'rejected') {
      if (profiles.status === 'fulfilled') closeProfiles(profiles.value);
      if (network.status === 'fulfilled') await stopNetwork(paths.network);
      if (signal?.aborted === true) throw new AbortedError('starting the demo', signal.reason);
      throw network.status === 'rejected' ? network.reason : (profiles as PromiseRejectedResult).reason;
    }
    const [ada, grace, linus] = profiles.value;
    // Ada counts the user as a friend before her node starts, so it dials them as soon as they exist.
    ada.store.contacts.insert({ onion: user, state: 'friend', createdAt: Date.now() });
    befriendProfiles(ada, grace);
    befriendProfiles(ada, linus);

    report(`Starting your scripted friends, ${ADA.name}, ${GRACE.name} and ${LINUS.name}`, NETWORK_SHARE);
    let friends: DemoFriends | undefined;
    try {
      const started = await DemoFriends.start({
        profiles: profiles.value,
        testnet: network.value,
        torDataDir: paths.friendsTor,
        user,
        offline: { persona: LINUS, heldBy: ADA },
        ...(signal === undefined ? {} : { signal }),
      });
      friends = started;
      await Promise.all(
        [GRACE, LINUS].map((persona) => started.node(persona).relay.setLimits({ maxEnvelopesPerFriend: 0 })),
      );
    } catch (error) {
      await friends?.stop();
      await stopNetwork(paths.network);
      throw error;
    }
    report('Ready', 1);
    return new Demo({ paths, friends, ada, userSeed });
  }

  /**
   * Creates the user's profile (the UI's onboarding) with Ada already a friend, and starts
   * their node on the private network. Grace's request follows a few seconds later, Linus's
   * after that.
   */
  createUser(name: string, passphrase: string): Promise<NodeApi> {
    return this.#startUser(async () => {
      const store = await createProfile(this.paths.you, passphrase, {
        displayName: name,
        seed: this.#userSeed,
        signal: this.#abort.signal,
      });
      store.contacts.insert({ onion: this.#ada.onion, state: 'friend', displayName: ADA.name, createdAt: Date.now() });
      return store;
    });
  }

  /** Unlocks an existing demo profile and starts its node (a wrong passphrase rejects as the store says). */
  unlockUser(passphrase: string): Promise<NodeApi> {
    return this.#startUser(() => openProfile(this.paths.you, passphrase, { signal: this.#abort.signal }));
  }

  /**
   * Stops the user's node and tor, the friends and the network; resolves to a description of
   * each process that would not stop (empty when all did). Idempotent; never rejects.
   */
  stop(): Promise<readonly string[]> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  #startUser(open: () => Promise<ProfileStore>): Promise<NodeApi> {
    const starting = (async (): Promise<NodeApi> => {
      this.#abort.signal.throwIfAborted();
      await mkdir(this.paths.downloads, { recursive: true, mode: 0o700 });
      const runtime = await startNodeRuntime(
        await open(),
        { testnetDir: this.paths.network, signal: this.#abort.signal },
        { timing: { relayGraceMs: DEMO_RELAY_GRACE_MS }, files: { downloadFolder: this.paths.downloads } },
      );
      if (this.#abort.signal.aborted) {
        await runtime.stop();
        throw new AbortedError('starting your node');
      }
      this.#runtime = runtime;
      this.#scheduleRequests();
      return runtime.node;
    })();
    this.#userStart = starting;
    return starting;
  }

  #scheduleRequests(): void {
    for (const timer of this.#requestTimers.splice(0)) clearTimeout(timer);
    for (const [persona, delay] of [
      [GRACE, GRACE_REQUEST_DELAY_MS],
      [LINUS, LINUS_REQUEST_DELAY_MS],
    ] as const) {
      const timer = setTimeout(() => {
        void (async () => {
          // Once per demo: not again after an unlock, nor once they are friends.
          const node = this.#friends.node(persona);
          if ((await node.contacts()).some((contact) => contact.onion === this.#userOnion)) return;
          await node.addContact(this.#userOnion, persona.requestMessage);
        })().catch((error: unknown) =>
          log.warn('a scripted friend could not send its contact request', { persona: persona.name, error }),
        );
      }, delay);
      this.#requestTimers.push(timer);
    }
  }

  async #stop(): Promise<readonly string[]> {
    this.#abort.abort(new AbortedError('the demo is stopping'));
    for (const timer of this.#requestTimers.splice(0)) clearTimeout(timer);
    await this.#userStart?.catch(() => undefined);
    await Promise.all([this.#runtime?.stop(), this.#friends.stop()]);
    return stopNetwork(this.paths.network);
  }
}

/** Ada's, Grace's and Linus's profiles (one at a time: each scrypt run takes 128 MiB). */
async function createFriendProfiles(
  paths: DemoPaths,
  signal: AbortSignal | undefined,
): Promise<[ada: FriendProfile, grace: FriendProfile, linus: FriendProfile]> {
  const made: FriendProfile[] = [];
  try {
    for (const [dir, persona] of [
      [paths.ada, ADA],
      [paths.grace, GRACE],
      [paths.linus, LINUS],
    ] as const)
      made.push(await createFriendProfile(dir, persona, signal));
  } catch (error) {
    closeProfiles(made);
    throw error;
  }
  return [made[0]!, made[1]!, made[2]!];
}

/** Makes two scripted friends friends of each other in their profiles, as a request and an accept would. */
function befriendProfiles(a: FriendProfile, b: FriendProfile): void {
  const createdAt = Date.now();
  a.store.contacts.insert({ onion: b.onion, state: 'friend', displayName: b.persona.name, createdAt });
  b.store.contacts.insert({ onion: a.onion, state: 'friend', displayName: a.persona.name, createdAt });
}

/** Stops the network; resolves to the tors that survived (logged), never rejects. */
async function stopNetwork(dir: string): Promise<string[]> {
  try {
    await stopTestnet(dir);
    return [];
  } catch (error) {
    log.error('stopping the private Tor network failed', { error });
    if (error instanceof TestnetStopError) return error.survivors.map((tor) => `${tor.name} (pid ${tor.pid})`);
    return [`the private Tor network in ${dir} (${error instanceof Error ? error.message : String(error)})`];
  }
}

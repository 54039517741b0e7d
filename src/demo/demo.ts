/**
 * `burrow demo` without the terminal: a private Tor network on this machine, two scripted
 * friends (Ada, already a friend, who answers; Grace, who sends a contact request a few
 * seconds after the user's node starts), and the user's own node, created from the UI's
 * onboarding. {@link Demo.stop} ends every process any of it started.
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
import { startNodeRuntime, type NodeRuntime } from '../runtime/node-runtime.js';
import { createProfile, openProfile, type ProfileStore } from '../store/index.js';
import { startTestnet, stopTestnet, TestnetStopError, type TestnetProgress } from '../testnet/index.js';
import { closeProfiles, createFriendProfile, DemoFriends, type FriendProfile } from './demo-friends.js';
import { demoPaths, type DemoPaths } from './demo-dir.js';
import { ADA, GRACE } from './personas.js';

const log = logger('demo');

/** From the user's node starting to Grace's contact request: time to look around first. */
export const GRACE_REQUEST_DELAY_MS = 8_000;
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
  readonly #userSeed: Uint8Array;
  readonly #userOnion: OnionAddress;
  /** Aborted by stop(): cancels a user node that is still starting. */
  readonly #abort = new AbortController();
  #userStart: Promise<unknown> | undefined;
  #runtime: NodeRuntime | undefined;
  #graceTimer: NodeJS.Timeout | undefined;
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
    const [ada] = profiles.value;
    // Ada counts the user as a friend before her node starts, so it dials them as soon as they exist.
    ada.store.contacts.insert({ onion: user, state: 'friend', createdAt: Date.now() });

    report(`Starting your scripted friends, ${ADA.name} and ${GRACE.name}`, NETWORK_SHARE);
    let friends: DemoFriends;
    try {
      friends = await DemoFriends.start({
        profiles: profiles.value,
        testnet: network.value,
        torDataDir: paths.friendsTor,
        user,
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (error) {
      await stopNetwork(paths.network);
      throw error;
    }
    report('Ready', 1);
    return new Demo({ paths, friends, ada, userSeed });
  }

  /**
   * Creates the user's profile (the UI's onboarding) with Ada already a friend, and starts
   * their node on the private network. Grace's request follows a few seconds later.
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
      const runtime = await startNodeRuntime(await open(), {
        testnetDir: this.paths.network,
        signal: this.#abort.signal,
      });
      if (this.#abort.signal.aborted) {
        await runtime.stop();
        throw new AbortedError('starting your node');
      }
      this.#runtime = runtime;
      this.#scheduleGraceRequest();
      return runtime.node;
    })();
    this.#userStart = starting;
    return starting;
  }

  #scheduleGraceRequest(): void {
    clearTimeout(this.#graceTimer);
    const grace = this.#friends.node(GRACE);
    this.#graceTimer = setTimeout(() => {
      void (async () => {
        // Once per demo: not again after an unlock, nor once they are friends.
        if ((await grace.contacts()).some((contact) => contact.onion === this.#userOnion)) return;
        await grace.addContact(this.#userOnion, GRACE.requestMessage);
      })().catch((error: unknown) => log.warn('Grace could not send her contact request', { error }));
    }, GRACE_REQUEST_DELAY_MS);
  }

  async #stop(): Promise<readonly string[]> {
    this.#abort.abort(new AbortedError('the demo is stopping'));
    clearTimeout(this.#graceTimer);
    await this.#userStart?.catch(() => undefined);
    await Promise.all([this.#runtime?.stop(), this.#friends.stop()]);
    return stopNetwork(this.paths.network);
  }
}

/** Ada's then Grace's profile (one at a time: each scrypt run takes 128 MiB). */
async function createFriendProfiles(
  paths: DemoPaths,
  signal: AbortSignal | undefined,
): Promise<[ada: FriendProfile, grace: FriendProfile]> {
  const ada = await createFriendProfile(paths.ada, ADA, signal);
  try {
    return [ada, await createFriendProfile(paths.grace, GRACE, signal)];
  } catch (error) {
    closeProfiles([ada]);
    throw error;
  }
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

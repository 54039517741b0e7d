/**
 * The demo's scripted friends at run time: each one a real Burrow node with its own profile
 * and onion service, all on one client tor of the private network (one tor can host many
 * onion services: docs/TESTNET.md), each driven by a {@link ScriptedFriend}. One of them may
 * go offline now and then ({@link OfflineCycle}): his node stops and starts again on the same
 * transport, which unpublishes and republishes his onion service.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OnionAddress } from '../crypto/onion-address.js';
import { logger } from '../log.js';
import { BurrowNode } from '../app/index.js';
import { torStatusSource } from '../runtime/tor-status-source.js';
import { createProfile, type ProfileStore } from '../store/index.js';
import { testnetClientTorrc, type TestnetInfo } from '../testnet/index.js';
import { TorProcess } from '../transport/tor/tor-process.js';
import { TorTransport } from '../transport/tor/tor-transport.js';
import type { Persona } from './personas.js';
import { ScriptedFriend } from './scripted-friend.js';
import { OfflineCycle, type OfflineCycleTiming } from './offline-cycle.js';

const log = logger('demo');

/** Bytes of the random passphrase of a scripted friend's profile (nobody ever types it). */
const FRIEND_PASSPHRASE_BYTES = 32;

/** A scripted friend's open profile, before its node runs. */
export interface FriendProfile {
  readonly persona: Persona;
  readonly store: ProfileStore;
  readonly onion: OnionAddress;
}

/**
 * Creates a scripted friend's profile in `dir`, named after `persona`. Its passphrase is random
 * and forgotten: the profile lives for one demo run.
 */
export async function createFriendProfile(dir: string, persona: Persona, signal?: AbortSignal): Promise<FriendProfile> {
  const passphrase = randomBytes(FRIEND_PASSPHRASE_BYTES).toString('base64url');
  const store = await createProfile(dir, passphrase, {
    displayName: persona.name,
    ...(signal === undefined ? {} : { signal }),
  });
  return { persona, store, onion: store.identity.get().keyPair.onionAddress };
}

/** Options of {@link DemoFriends.start}. */
export interface DemoFriendsOptions {
  /** The friends' profiles; from now on {@link DemoFriends} closes them, even when starting fails. */
  readonly profiles: readonly FriendProfile[];
  /** The private network to join. */
  readonly testnet: TestnetInfo;
  /** Data directory of the friends' shared tor. */
  readonly torDataDir: string;
  /** The onion address of the demo's user: the only contact the scripts talk to. */
  readonly user: OnionAddress;
  /**
   * The friend who goes offline now and then (from the first time the user is online as his
   * friend), and the friend whose holding something for him brings him back. Neither is a
   * fellow of the others' groups.
   */
  readonly offline?: {
    readonly persona: Persona;
    readonly heldBy: Persona;
    readonly timing?: Partial<OfflineCycleTiming>;
  };
  readonly signal?: AbortSignal;
}

interface RunningFriend {
  readonly profile: FriendProfile;
  /** Changes when an offline friend comes back. */
  node: BurrowNode;
  readonly script: ScriptedFriend;
}

/** The running scripted friends: one tor, one transport, a node and a script per friend. */
export class DemoFriends {
  readonly #tor: TorProcess;
  readonly #transport: TorTransport;
  readonly #running: readonly RunningFriend[];
  #cycle: OfflineCycle | undefined;
  #stopping: Promise<void> | undefined;

  private constructor(tor: TorProcess, transport: TorTransport, running: readonly RunningFriend[]) {
    this.#tor = tor;
    this.#transport = transport;
    this.#running = running;
  }

  /**
   * Launches the friends' tor on the private network and starts each friend's node (its onion
   * service is published while tor bootstraps: it does not wait for that). On failure, stops
   * what it started and closes the profiles.
   */
  static async start(options: DemoFriendsOptions): Promise<DemoFriends> {
    const { profiles, signal } = options;
    let tor: TorProcess | undefined;
    let transport: TorTransport | undefined;
    const nodes: BurrowNode[] = [];
    try {
      tor = await TorProcess.launch({
        dataDir: options.torDataDir,
        extraTorrc: testnetClientTorrc(options.testnet),
        ...(signal === undefined ? {} : { signal }),
      });
      transport = new TorTransport({ tor });
      const torStatus = torStatusSource(tor);
      const gifts = await Promise.all(profiles.map(writeGift));
      const downloads = await Promise.all(profiles.map(makeDownloads));
      for (const profile of profiles)
        nodes.push(await BurrowNode.start({ store: profile.store, transport, torStatus }));
      const offline = options.offline?.persona;
      const running = profiles.map((profile, index): RunningFriend => {
        const node = nodes[index]!;
        const fellows = profiles
          .filter((other) => other !== profile && other.persona !== offline)
          .map((other) => other.onion);
        const script = ScriptedFriend.attach({
          api: node,
          user: options.user,
          persona: profile.persona,
          fellows,
          downloads: downloads[index]!,
          ...(gifts[index] === undefined ? {} : { giftPath: gifts[index] }),
        });
        return { profile, node, script };
      });
      const friends = new DemoFriends(tor, transport, running);
      if (options.offline !== undefined) friends.#cycleOffline(options, torStatus);
      return friends;
    } catch (error) {
      await Promise.allSettled(nodes.map((node) => node.stop()));
      await transport?.close().catch(() => undefined);
      await tor?.stop();
      closeProfiles(profiles);
      throw error;
    }
  }

  /** The running node of the friend played by `persona`. */
  node(persona: Persona): BurrowNode {
    const found = this.#running.find((friend) => friend.profile.persona === persona);
    if (found === undefined) throw new RangeError(`no scripted friend plays ${persona.name}`);
    return found.node;
  }

  /** Wires the offline friend's {@link OfflineCycle}: it starts the first time the user is online as his friend. */
  #cycleOffline(options: DemoFriendsOptions, torStatus: ReturnType<typeof torStatusSource>): void {
    const { persona, heldBy, timing } = options.offline!;
    const him = this.#running.find((friend) => friend.profile.persona === persona)!;
    const holder = this.node(heldBy);
    const cycle = new OfflineCycle({
      goOffline: () => him.node.stop(),
      comeBack: async () => {
        him.node = await BurrowNode.start({ store: him.profile.store, transport: this.#transport, torStatus });
        him.script.moveTo(him.node);
      },
      heldForHim: async () => (await holder.relay.status()).held.envelopes > 0,
      ...(timing === undefined ? {} : { timing }),
    });
    this.#cycle = cycle;
    const unsubscribe = him.node.subscribe((event) => {
      if (event.type !== 'presence' || event.onion !== options.user || !event.online) return;
      unsubscribe();
      cycle.begin();
    });
  }

  /** Stops the scripts, the nodes, the transport and tor, and closes the profiles. Idempotent; never rejects. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    for (const { script } of this.#running) script.stop();
    await this.#cycle?.stop();
    await Promise.allSettled(this.#running.map(({ node }) => node.stop()));
    await this.#transport
      .close()
      .catch((error: unknown) => log.warn('closing the scripted friends’ transport failed', { error }));
    await this.#tor.stop();
    closeProfiles(this.#running.map(({ profile }) => profile));
  }
}

/** Writes the persona's gift file in the friend's profile directory; resolves to its path (undefined: no gift). */
async function writeGift({ persona, store }: FriendProfile): Promise<string | undefined> {
  if (persona.gift === undefined) return undefined;
  const folder = join(store.dir, 'gift');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, persona.gift.fileName);
  await writeFile(path, persona.gift.content, { mode: 0o600 });
  return path;
}

/** Makes the folder the friend saves the user's files in, inside its profile directory. */
async function makeDownloads({ store }: FriendProfile): Promise<string> {
  const folder = join(store.dir, 'downloads');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  return folder;
}

/** Closes profiles, best effort (at shutdown the WAL keeps every committed write). */
export function closeProfiles(profiles: readonly FriendProfile[]): void {
  for (const { store } of profiles) {
    try {
      store.close();
    } catch (error) {
      log.warn('closing a scripted friend’s profile failed', { error });
    }
  }
}

/**
 * Walls in the node (docs/PROTOCOL.md "Walls"): a star between each wall's owner and its
 * readers, over the 'wall' block.
 *
 * As the owner we publish entries (ours, and readers' comments, reactions and deletes after
 * checking them, walls/submission.ts) as items under the current epoch key (own-wall.ts), push
 * each to readers online, seal it through the relay for readers away (wall-relay-seals.ts), and
 * answer a reader's sync with what it may read (walls/audience.ts). As a reader we keep the keys
 * sealed to us and the items of our friends' walls (walls/wall-book.ts), ask each friend for
 * their wall since our high-water mark when they come online, and send what we say on their
 * wall to them, keeping it until it comes back published.
 *
 * Nobody but the owner ever hands over an item of a wall: a message's wall is its sender's.
 *
 * Edits and deletes take words away for good: what a wall's fold supersedes (wall-fold.ts) is
 * scrubbed from the book and the disk soon after each change, here as at every reader's.
 */
import { isOnionAddress, parseOnionAddress, type OnionAddress } from '../../crypto/onion-address.js';
import { PeerBuckets } from '../../lib/peer-buckets.js';
import { logger, sensitive } from '../../log.js';
import type { FeatureContext, FeatureSession, NodeFeature } from '../../node/feature.js';
import type { WallItemBody, WallKeyBody, WallMessage } from '../../protocol/walls/wall-wire.js';
import type { RelayedWallContent, RelayWallBridge } from '../../relay/feature/ports.js';
import { syncAnswer } from '../audience.js';
import { wallEntryInvalid } from '../errors.js';
import {
  MAX_PENDING_SUBMITS,
  MAX_WALL_BYTES_PER_FRIEND,
  MAX_WALL_ITEMS_PER_FRIEND,
  MAX_WALL_KEYS_PER_FRIEND,
  MAX_WALL_SYNC_ITEMS,
  WALL_ITEM_RATE,
  WALL_SUBMIT_RATE,
  WALL_SYNC_BYTES,
  WALL_SYNC_CONTINUE_MS,
  WALL_SYNC_RATE,
} from '../limits.js';
import { StoredBytesBudget } from '../../lib/stored-bytes-budget.js';
import { submissionProblem } from '../submission.js';
import { WallBook } from '../wall-book.js';
import { openWallKey, sealWallKey } from '../wall-cipher.js';
import { openEntry, type WallEntryRecord } from '../wall-entry.js';
import { WallCommands } from './wall-commands.js';
import { OwnWall, type OwnEpoch } from './own-wall.js';
import { WallRelaySeals, type WallItemSealer } from './wall-relay-seals.js';
import { hex } from '../../lib/hex.js';

const log = logger('walls');

/** How soon after a change a wall is scrubbed: a sync's items are folded once, not once each. */
export const WALL_SCRUB_DELAY_MS = 100;

/** The walls feature: the 'wall' block, and (through {@link WallCommands}) the walls API. */
export class WallsFeature extends WallCommands implements NodeFeature<WallMessage>, RelayWallBridge {
  readonly block = 'wall' as const;
  readonly #context: FeatureContext;
  readonly #own: OwnWall;
  #seals: WallRelaySeals | undefined;
  readonly #itemBuckets = new PeerBuckets<OnionAddress>(WALL_ITEM_RATE);
  readonly #submitBuckets = new PeerBuckets<OnionAddress>(WALL_SUBMIT_RATE);
  readonly #syncBuckets = new PeerBuckets<OnionAddress>(WALL_SYNC_RATE);
  /** `reader epoch` pairs whose key went out on the reader's current session. */
  readonly #keysSent = new Set<string>();
  /** What we said on friends' walls, by owner, until it comes back published. */
  readonly #pending = new Map<OnionAddress, WallEntryRecord[]>();
  /** Per owner, a seq before one we dropped (over a limit): the next sync asks from there. */
  readonly #resyncFrom = new Map<OnionAddress, number>();
  /** Bytes of sync answers per reader (WALL_SYNC_BYTES). */
  readonly #syncBytes = new StoredBytesBudget(WALL_SYNC_BYTES);
  /** Readers whose sync answer the byte budget cut short, with the timer that sends the rest. */
  readonly #syncRest = new Map<OnionAddress, NodeJS.Timeout>();
  /** Walls changed since their last scrub, each with its timer. */
  readonly #toScrub = new Map<OnionAddress, NodeJS.Timeout>();

  constructor(context: FeatureContext) {
    const book = new WallBook();
    super(context, book);
    this.#context = context;
    const repository = context.store.walls;
    for (const stored of repository.keys()) book.addKey(stored.owner, stored.epoch, stored.key);
    let skipped = 0;
    for (const stored of repository.items()) {
      if (stored.item.ciphertext.length === 0) {
        book.addScrubbed(stored.owner, stored.item, stored.direct);
        continue;
      }
      try {
        book.addItem(stored.owner, stored.item, stored.direct, book.check(stored.owner, stored.item));
      } catch {
        skipped++;
      }
    }
    if (skipped > 0) log.warn('some stored wall items did not open and were left out', { skipped });
    this.#own = new OwnWall({ self: context.self, repository, book, random: context.random });
    // A change that came just before the last stop may not have been scrubbed yet.
    for (const owner of book.owners()) this.#scrub(owner);
  }

  /** Lets us seal items for readers who stay offline (app/compose.ts links the relay). */
  connectRelay(sealer: WallItemSealer, graceMs: number): void {
    this.#seals = new WallRelaySeals({ sealer, graceMs, now: () => this.#context.now() });
  }

  // ---- NodeFeature ----

  async receive(peer: OnionAddress, message: WallMessage, _session: FeatureSession): Promise<void> {
    switch (message.kind) {
      case 'wall-key':
        this.#receiveKey(peer, message);
        return;
      case 'wall-item':
        this.#receiveItem(peer, message, true);
        return;
      case 'wall-submit':
        this.#receiveSubmit(peer, message.entry);
        return;
      case 'wall-sync':
        await this.#answerSync(peer, message.since);
        return;
    }
  }

  friendOnline(peer: OnionAddress): void {
    this.#seals?.online(peer);
    const since = Math.min(this.book.highWater(peer), this.#resyncFrom.get(peer) ?? Infinity);
    this.#resyncFrom.delete(peer);
    this.#context.track(this.#send(peer, { kind: 'wall-sync', since }));
    for (const entry of this.#pending.get(peer) ?? [])
      this.#context.track(this.#send(peer, { kind: 'wall-submit', entry: entry.bytes }));
  }

  friendOffline(peer: OnionAddress): void {
    this.#seals?.offline(peer);
    clearTimeout(this.#syncRest.get(peer));
    this.#syncRest.delete(peer);
    for (const sent of [...this.#keysSent]) if (sent.startsWith(`${peer} `)) this.#keysSent.delete(sent);
  }

  friendsChanged(): void {
    for (const owner of [...this.#pending.keys()]) if (!this.#isFriend(owner)) this.#pending.delete(owner);
    const friends = new Set(this.#context.friends());
    for (const buckets of [this.#itemBuckets, this.#submitBuckets, this.#syncBuckets]) buckets.retain(friends);
    this.#welcome();
  }

  peerDropped(peer: OnionAddress): void {
    this.#pending.delete(peer);
  }

  stop(): void {
    this.#seals?.stop();
    for (const timer of [...this.#toScrub.values(), ...this.#syncRest.values()]) clearTimeout(timer);
    this.#toScrub.clear();
    this.#syncRest.clear();
  }

  // ---- RelayWallBridge ----

  deliver(sender: OnionAddress, content: RelayedWallContent): void {
    if (!this.#isFriend(sender)) return;
    if (content.relayed.key !== undefined) this.#receiveKey(sender, content.relayed.key);
    this.#receiveItem(sender, content.relayed.item, false);
  }

  // ---- receiving ----

  #receiveKey(owner: OnionAddress, body: WallKeyBody): void {
    if (owner === this.#context.self || this.book.hasKey(owner, body.epoch)) return;
    if (this.book.size(owner).keys >= MAX_WALL_KEYS_PER_FRIEND || !this.#itemBuckets.take(owner, this.#context.now())) {
      log.warn('a friend’s wall sends more keys than allowed; one was dropped', { peer: sensitive(owner) });
      return;
    }
    const key = openWallKey(body, this.#context.identity);
    this.#context.store.walls.addKey({ owner, epoch: body.epoch, key, createdAt: this.#context.now() });
    const opened = this.book.addKey(owner, body.epoch, key);
    this.#settled(owner, opened);
    if (opened.length > 0) this.#changed(owner);
  }

  #receiveItem(owner: OnionAddress, body: WallItemBody, direct: boolean): void {
    if (owner === this.#context.self) return;
    const now = this.#context.now();
    if (this.book.hasItem(owner, body.seq)) {
      if (direct) this.#context.store.walls.addItem({ owner, item: body, direct }, now);
      this.book.addItem(owner, body, direct, undefined);
      return;
    }
    const size = this.book.size(owner);
    if (
      size.items >= MAX_WALL_ITEMS_PER_FRIEND ||
      size.bytes + body.ciphertext.length > MAX_WALL_BYTES_PER_FRIEND ||
      !this.#itemBuckets.take(owner, now)
    ) {
      log.warn('a friend’s wall is over its limits here; an item was dropped', { peer: sensitive(owner) });
      this.#resyncFrom.set(owner, Math.min(this.#resyncFrom.get(owner) ?? Infinity, body.seq - 1));
      return;
    }
    const entry = this.book.check(owner, body);
    this.#context.store.walls.addItem({ owner, item: body, direct }, now);
    this.book.addItem(owner, body, direct, entry);
    if (entry !== undefined) {
      this.#settled(owner, [entry]);
      this.#changed(owner);
    }
  }

  #receiveSubmit(reader: OnionAddress, bytes: Uint8Array): void {
    const self = this.#context.self;
    if (!this.#isFriend(reader)) return;
    if (!this.#submitBuckets.take(reader, this.#context.now())) {
      log.warn('a friend comments on our wall faster than allowed; dropped', { peer: sensitive(reader) });
      return;
    }
    const entry = openEntry(bytes);
    const problem = submissionProblem(entry, {
      owner: self,
      sender: reader,
      wall: this.fold(self),
      published: (id) => this.book.hasEntry(self, id),
    });
    if (problem === 'already published') return;
    if (problem !== undefined) throw wallEntryInvalid(problem);
    this.publish(entry);
  }

  /** Answers `reader`'s sync (or, `asked` false, continues one the byte budget cut short). */
  async #answerSync(reader: OnionAddress, since: number, asked = true): Promise<void> {
    if (!this.#isFriend(reader) || (asked && !this.#syncBuckets.take(reader, this.#context.now()))) return;
    clearTimeout(this.#syncRest.get(reader));
    this.#syncRest.delete(reader);
    const answer = syncAnswer({
      items: this.book.bodies(this.#context.self).map((body) => ({ seq: body.seq, epoch: hex(body.epoch) })),
      since,
      reader,
      inAudience: this.#isFriend(reader),
      readersOf: (epoch) => this.#own.readersOf(epoch),
      limit: MAX_WALL_SYNC_ITEMS,
    });
    const bodies = new Map(this.book.bodies(this.#context.self).map((body) => [body.seq, body]));
    for (const epoch of answer.epochs) {
      const own = this.#own.epoch(epoch);
      if (own !== undefined) await this.#sendKey(reader, own);
    }
    for (const { seq } of answer.items) {
      const body = bodies.get(seq);
      if (body === undefined) continue;
      if (!this.#syncBytes.take(reader, body.ciphertext.length, this.#context.now())) {
        this.#continueSyncLater(reader, seq - 1);
        return;
      }
      if (!(await this.#send(reader, { kind: 'wall-item', ...body }))) return;
    }
  }

  #continueSyncLater(reader: OnionAddress, since: number): void {
    if (this.#syncRest.has(reader)) return;
    const timer = setTimeout(() => {
      this.#syncRest.delete(reader);
      if (this.#context.onlineFriends().includes(reader)) this.#context.track(this.#answerSync(reader, since, false));
    }, WALL_SYNC_CONTINUE_MS);
    timer.unref();
    this.#syncRest.set(reader, timer);
  }

  // ---- publishing (WallCommands) ----

  protected publish(entry: WallEntryRecord): void {
    const audience = new Set(this.#context.friends());
    const { item, epoch } = this.#context.store.transaction(() =>
      this.#own.publish(entry, audience, this.#context.now()),
    );
    this.#changed(this.#context.self);
    const online = new Set(this.#context.onlineFriends());
    // Sealed copies first: handed to friends online before the direct copies go out.
    for (const reader of epoch.readers) if (!online.has(reader)) this.#sealFor(reader, epoch, item);
    for (const reader of epoch.readers) {
      if (!online.has(reader)) continue;
      this.#context.track(
        (async () => {
          await this.#sendKey(reader, epoch);
          if (!(await this.#send(reader, { kind: 'wall-item', ...item }))) this.#sealFor(reader, epoch, item);
        })(),
      );
    }
  }

  protected submit(owner: OnionAddress, entry: WallEntryRecord): void {
    const pending = this.#pending.get(owner) ?? [];
    pending.push(entry);
    if (pending.length > MAX_PENDING_SUBMITS) pending.shift();
    this.#pending.set(owner, pending);
    this.#context.track(this.#send(owner, { kind: 'wall-submit', entry: entry.bytes }));
  }

  // ---- helpers ----

  /**
   * Friends who joined since our current epoch get our latest posts, as many as the user allows
   * (`walls.firstSyncPosts`): each is published again under a new epoch that includes them
   * (readers who had it show it once: the entry is the same). Only the posts: comments under
   * them were written for the readers of the time.
   */
  #welcome(): void {
    const count = this.#context.store.preferences.get('walls.firstSyncPosts');
    const readers = this.#own.currentReaders();
    if (count === 0 || readers === undefined) return;
    if (this.#context.friends().every((friend) => readers.has(friend))) return;
    const self = this.#context.self;
    const entries = new Map(this.book.entries(self).map((entry) => [entry.id, entry]));
    const latest = [...this.fold(self).posts].sort((a, b) => b.createdAt - a.createdAt).slice(0, count);
    for (const post of latest.reverse()) {
      const entry = entries.get(post.source);
      if (entry !== undefined) this.publish(entry);
    }
  }

  #sealFor(reader: OnionAddress, epoch: OwnEpoch, item: WallItemBody): void {
    const key = sealWallKey(epoch.epoch, epoch.key, reader, this.#context.random);
    this.#seals?.add(reader, { kind: 'wall-item', relayed: { key, item } }, `wall:${item.seq}`);
  }

  async #sendKey(reader: OnionAddress, epoch: OwnEpoch): Promise<void> {
    const sent = `${reader} ${hex(epoch.epoch)}`;
    if (this.#keysSent.has(sent)) return;
    const key = sealWallKey(epoch.epoch, epoch.key, reader, this.#context.random);
    if (await this.#send(reader, { kind: 'wall-key', ...key })) this.#keysSent.add(sent);
  }

  async #send(peer: OnionAddress, message: WallMessage): Promise<boolean> {
    try {
      return await this.#context.send(peer, 'wall', message);
    } catch {
      return false;
    }
  }

  /** Our entries that came back published leave the pending list. */
  #settled(owner: OnionAddress, entries: readonly WallEntryRecord[]): void {
    const pending = this.#pending.get(owner);
    if (pending === undefined) return;
    const published = new Set(entries.map((entry) => entry.id));
    const rest = pending.filter((entry) => !published.has(entry.id));
    if (rest.length === 0) this.#pending.delete(owner);
    else this.#pending.set(owner, rest);
  }

  /** `owner`'s wall changed: front ends hear it now, and it is scrubbed soon. */
  #changed(owner: OnionAddress): void {
    this.#context.emit({ type: 'wall', owner });
    if (this.#toScrub.has(owner)) return;
    const timer = setTimeout(() => {
      this.#toScrub.delete(owner);
      this.#scrub(owner);
    }, WALL_SCRUB_DELAY_MS);
    timer.unref();
    this.#toScrub.set(owner, timer);
  }

  /** Empties the items whose words the wall's fold supersedes, in the book and on disk. */
  #scrub(owner: OnionAddress): void {
    try {
      const store = this.#context.store;
      const seqs = this.book.scrub(owner, this.fold(owner).superseded);
      if (seqs.length === 0) return;
      store.transaction(() => {
        for (const seq of seqs) store.walls.scrub(owner, seq);
      });
      store.scrub();
    } catch (error) {
      log.error('scrubbing a wall failed', { error });
    }
  }

  #isFriend(onion: string): boolean {
    return isOnionAddress(onion) && this.#context.isFriend(parseOnionAddress(onion));
  }
}

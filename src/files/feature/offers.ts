/**
 * File offers, both ways, as this node plays them (the rules are in files-feature.ts; message
 * formats in src/protocol/files/): offering a file to a friend or a group and withdrawing it,
 * the recipients' answers, offers made to us (checked, stored, forwarded in a group, answered
 * again when repeated), our own answers, and resending what is unanswered when a friend comes
 * online. Accepting and cancelling downloads stay with the feature, which owns the commands.
 */
import type { OnionAddress } from '../../crypto/onion-address.js';
import { parseOnionAddress } from '../../crypto/onion-address.js';
import { logger, sensitive } from '../../log.js';
import type { FeatureContext } from '../../node/feature.js';
import type { FileCancelBody } from '../../protocol/files/file-control-messages.js';
import type { FileOfferBody } from '../../protocol/files/file-offer.js';
import { ManifestMismatchError } from '../errors.js';
import type { Manifest } from '../manifest.js';
import { decideOffer, type OfferPreferences } from '../offer-policy.js';
import type { FilesRepository, StoredDownload, StoredOffer } from '../store/files-repository.js';
import { unknownFileTarget } from '../transfer-errors.js';
import type { FileGroupAccess, FilesAccess } from './access.js';
import type { Downloads } from './downloads.js';
import type { FileExpiry } from './file-expiry.js';
import type { FileRecords } from './file-records.js';
import type { OfferGate } from './offer-gate.js';
import { manifestFromOffer, offerMessage, sameGroup, storedManifest } from './offer-messages.js';
import { hexOf, idBytes, type FileServer } from './server.js';
import type { TransferBoard } from './transfer-board.js';

const log = logger('files');

/**
 * For this long after an offer, it is sent again to a recipient who comes online without
 * having answered (a withdrawal, likewise; a forwarded group offer, to members we know).
 */
export const OFFER_RESEND_MS = 7 * 24 * 60 * 60 * 1000;

/** One recipient of an offer: a friend, directly or as a member of a group. */
export interface OfferRecipient {
  readonly peer: OnionAddress;
  readonly groupId: Uint8Array | undefined;
}

/** What the offers need from the files feature. */
export interface OffersHost {
  readonly context: FeatureContext;
  readonly repo: FilesRepository;
  readonly groups: FileGroupAccess | undefined;
  readonly access: FilesAccess;
  readonly server: FileServer;
  readonly downloads: Downloads;
  readonly records: FileRecords;
  readonly board: TransferBoard;
  /** Files offered in a disappearing conversation: an answer starts their clock. */
  readonly expiry: FileExpiry;
  /** Each friend's budget of new offers. */
  readonly gate: OfferGate;
  /** The user's file limits now. */
  preferences(): OfferPreferences;
  /** Accepts an offer the limits say to take without asking. */
  autoAccept(fileIdHex: string): void;
  /** Every sender withdrew the offer of a file we download: the download ends. */
  allWithdrawn(fileIdHex: string, download: StoredDownload): void;
}

/** Offers made and received (see the module comment). */
export class FileOffers {
  readonly #host: OffersHost;

  constructor(host: OffersHost) {
    this.#host = host;
  }

  // ---- ours ----

  /** Who gets an offer to `target`: a friend's onion address, or a group's hex id (our friends in it). */
  recipientsOf(target: string): OfferRecipient[] {
    const context = this.#host.context;
    if (typeof target === 'string' && /^[0-9a-f]{64}$/i.test(target)) {
      const groupIdHex = target.toLowerCase();
      const members = this.#host.groups?.members(groupIdHex);
      if (members === undefined)
        throw unknownFileTarget('you are not a member of a group with that id. List your groups to find its id.');
      const groupId = idBytes(groupIdHex);
      const friends = this.#friendsInGroup(groupIdHex);
      if (friends.length === 0)
        throw unknownFileTarget(
          'none of the other members of that group is your friend, so nobody could fetch the file from you.',
        );
      return friends.map((peer) => ({ peer, groupId }));
    }
    const peer = parseOnionAddress(target);
    if (peer === context.self) throw unknownFileTarget('that is your own onion address.');
    if (!context.isFriend(peer))
      throw unknownFileTarget('files go to friends only, and that address is not a friend (yet).');
    return [{ peer, groupId: undefined }];
  }

  /** Shares the file at `path` (whose manifest was just built) and offers it to `recipients`. */
  offer(manifest: Manifest, path: string, recipients: readonly OfferRecipient[]): void {
    const { context, repo } = this.#host;
    const now = context.now();
    context.store.transaction(() => {
      repo.saveManifest(storedManifest(manifest, now));
      repo.saveShare(manifest.fileId, path, now);
      for (const { peer, groupId } of recipients) {
        const offer = { fileId: manifest.fileId, direction: 'out' as const, peer, groupId };
        if (!repo.addOffer({ ...offer, state: 'offered' }, now)) repo.setOfferState(offer, 'offered', now);
      }
    });
    this.#host.records.remember(manifest);
    this.#host.board.clearNote(manifest.fileIdHex);
    log.info('offering a file', { recipients: recipients.length, size: manifest.header.size });
    const stored = repo.manifest(manifest.fileId)!;
    for (const { peer, groupId } of recipients) this.#host.server.sendTo(peer, offerMessage(stored, groupId));
  }

  /** Withdraws our offer of a file from everyone it went to. */
  withdraw(fileIdHex: string): void {
    const { context, repo, server } = this.#host;
    const fileId = idBytes(fileIdHex);
    const now = context.now();
    const recipients = new Set<OnionAddress>();
    context.store.transaction(() => {
      repo.setShareState(fileId, 'withdrawn', now);
      for (const offer of repo.offersOf(fileId)) {
        if (offer.direction !== 'out' || offer.state === 'cancelled') continue;
        repo.setOfferState(offer, 'cancelled', now);
        recipients.add(offer.peer);
      }
    });
    for (const peer of recipients) server.sendTo(peer, { kind: 'file-cancel', fileId, scope: { kind: 'offer' } });
    if (this.#host.records.held(fileIdHex) === undefined) server.stopServing(fileIdHex);
    log.info('file offer withdrawn', { recipients: recipients.size });
  }

  /** `peer` accepted our offer: they get our `have`. */
  accepted(peer: OnionAddress, fileId: Uint8Array): void {
    this.recipientAnswered(peer, fileId, ['offered'], 'accepted');
    this.#host.server.wanted(peer, hexOf(fileId));
  }

  /** A recipient's answer moves our offers to them from one of `from` to `to`. */
  recipientAnswered(
    peer: OnionAddress,
    fileId: Uint8Array,
    from: readonly StoredOffer['state'][],
    to: StoredOffer['state'],
  ): void {
    const repo = this.#host.repo;
    const now = this.#host.context.now();
    let changed = false;
    for (const offer of repo.offersOf(fileId)) {
      if (offer.direction === 'out' && offer.peer === peer && from.includes(offer.state))
        changed = repo.setOfferState(offer, to, now) || changed;
    }
    if (changed) this.#host.board.emitOut(hexOf(fileId));
  }

  /** A `file-cancel` from `peer`: of some requests, of their download from us, or of their offer to us. */
  cancelled(peer: OnionAddress, cancel: FileCancelBody): void {
    const fileIdHex = hexOf(cancel.fileId);
    switch (cancel.scope.kind) {
      case 'requests':
        this.#host.server.cancelRequests(peer, fileIdHex, cancel.scope.requestIds);
        return;
      case 'download':
        this.#host.server.cancelRequests(peer, fileIdHex);
        this.recipientAnswered(peer, cancel.fileId, ['offered', 'accepted'], 'cancelled');
        return;
      case 'offer':
        this.#withdrawn(peer, fileIdHex);
        return;
    }
  }

  /** Offers (and withdrawals) `peer` has not answered yet go out again now that they are online. */
  resend(peer: OnionAddress): void {
    const { context, repo, server } = this.#host;
    const now = context.now();
    const forwarded = new Set<string>();
    for (const offer of repo.offersWith(peer)) {
      const fileIdHex = hexOf(offer.fileId);
      const recent = now - offer.updatedAt < OFFER_RESEND_MS;
      if (offer.direction !== 'out') continue;
      const stored = repo.manifest(offer.fileId);
      if (offer.state === 'offered' && stored !== undefined && repo.share(offer.fileId)?.state === 'active') {
        server.sendTo(peer, offerMessage(stored, offer.groupId));
        if (offer.groupId !== undefined) forwarded.add(`${fileIdHex}:${hexOf(offer.groupId)}`);
      } else if (offer.state === 'cancelled' && recent) {
        server.sendTo(peer, { kind: 'file-cancel', fileId: offer.fileId, scope: { kind: 'offer' } });
      }
    }
    // Group offers we received go on to members who came online since.
    for (const offer of repo.offers()) {
      if (offer.direction !== 'in' || offer.groupId === undefined || offer.state === 'cancelled' || offer.peer === peer)
        continue;
      const key = `${hexOf(offer.fileId)}:${hexOf(offer.groupId)}`;
      if (
        forwarded.has(key) ||
        now - offer.createdAt >= OFFER_RESEND_MS ||
        !this.#friendsInGroup(hexOf(offer.groupId)).includes(peer)
      )
        continue;
      forwarded.add(key);
      server.sendTo(peer, offerMessage(repo.manifest(offer.fileId)!, offer.groupId));
    }
  }

  // ---- theirs ----

  /** `peer` offered us a file. */
  received(peer: OnionAddress, offer: FileOfferBody): void {
    const { context, repo, board } = this.#host;
    const fileIdHex = hexOf(offer.fileId);
    const groupId = offer.scope.kind === 'group' ? offer.scope.groupId : undefined;
    if (groupId !== undefined && !this.#host.access.isGroupMember(hexOf(groupId), peer)) {
      log.info('ignoring a file offered in a group we do not share with the sender', { peer: sensitive(peer) });
      return;
    }
    const repeated = this.#host.records
      .incomingOffers(fileIdHex)
      .some((known) => known.peer === peer && sameGroup(known.groupId, groupId));
    // Over budget: no answer, so the sender keeps it unanswered and offers it again on a later session.
    if (!repeated && !this.#host.gate.admit(peer, offer)) return;
    const now = context.now();
    if (!this.#storeOfferedManifest(peer, offer, now)) return;
    const key = { fileId: offer.fileId, direction: 'in' as const, peer, groupId };
    const knownInGroup =
      groupId !== undefined &&
      this.#host.records.incomingOffers(fileIdHex).some((known) => sameGroup(known.groupId, groupId));
    if (!repo.addOffer({ ...key, state: 'offered' }, now)) {
      this.#answerAgain(peer, fileIdHex, groupId);
      return;
    }
    log.info('file offered to us', { peer: sensitive(peer), size: offer.header.size });
    this.#host.expiry.offered(peer, groupId, offer.fileId);
    if (groupId !== undefined && !knownInGroup) this.#forward(peer, fileIdHex, groupId);
    const download = repo.download(offer.fileId);
    if (download !== undefined && download.state !== 'cancelled') {
      // Already ours or on its way: the offerer is one more source.
      repo.setOfferState(key, 'accepted', now);
      this.#host.expiry.answered(fileIdHex);
      this.#host.downloads.askSource(peer, fileIdHex, true);
      board.emitIn(fileIdHex);
      return;
    }
    const decision = decideOffer(offer.header, this.#host.preferences());
    if (decision.action === 'refuse') {
      board.note(fileIdHex, decision.error.message);
      this.answer([{ ...key, state: 'offered', createdAt: now, updatedAt: now }], 'declined');
      board.emitIn(fileIdHex);
      return;
    }
    board.emitIn(fileIdHex);
    if (decision.action === 'accept') this.#host.autoAccept(fileIdHex);
  }

  /** Gives our answer to offers made to us, and tells their senders. */
  answer(offers: readonly StoredOffer[], state: 'declined' | 'cancelled'): void {
    const { context, repo, server } = this.#host;
    const now = context.now();
    context.store.transaction(() => {
      for (const offer of offers) repo.setOfferState(offer, state, now);
    });
    for (const fileIdHex of new Set(offers.map((offer) => hexOf(offer.fileId)))) this.#host.expiry.answered(fileIdHex);
    for (const offer of offers) {
      const fileId = offer.fileId;
      server.sendTo(
        offer.peer,
        state === 'declined'
          ? { kind: 'file-decline', fileId }
          : { kind: 'file-cancel', fileId, scope: { kind: 'download' } },
      );
    }
    log.info(state === 'declined' ? 'file offer declined' : 'download cancelled', { offers: offers.length });
  }

  /** Our friends in the groups a file was offered to us in. */
  groupPeersOf(fileIdHex: string): OnionAddress[] {
    const offers = this.#host.records.incomingOffers(fileIdHex);
    const groups = new Set(
      offers.flatMap((offer) =>
        offer.groupId === undefined || offer.state === 'cancelled' ? [] : [hexOf(offer.groupId)],
      ),
    );
    return [...new Set([...groups].flatMap((group) => this.#friendsInGroup(group)))];
  }

  /**
   * Stores the manifest an offer carries, checked as far as it goes. Returns false (having
   * declined the offer) if its hash list does not match its id or contradicts the one we hold.
   */
  #storeOfferedManifest(peer: OnionAddress, offer: FileOfferBody, now: number): boolean {
    const repo = this.#host.repo;
    const stored = repo.manifest(offer.fileId);
    let refusal: string | undefined;
    if (stored !== undefined) {
      if (
        stored.name !== offer.header.name ||
        stored.size !== offer.header.size ||
        stored.chunkSize !== offer.header.chunkSize
      )
        refusal = 'its description contradicts the one we hold';
    } else {
      const manifest = manifestFromOffer(offer);
      if (manifest instanceof ManifestMismatchError) {
        refusal = manifest.name;
      } else if (manifest === undefined) {
        const { name, size, chunkSize } = offer.header;
        repo.saveManifest({
          fileId: offer.fileId,
          name,
          size,
          chunkSize,
          chunkHashes: offer.firstHashes,
          complete: false,
          createdAt: now,
        });
      } else {
        repo.saveManifest(storedManifest(manifest, now));
        this.#host.records.remember(manifest);
      }
    }
    if (refusal === undefined) return true;
    log.warn('refusing a file offer', { peer: sensitive(peer), reason: refusal });
    this.#host.server.sendTo(peer, { kind: 'file-decline', fileId: offer.fileId });
    return false;
  }

  /** A repeated offer (they did not get our answer): answer again. */
  #answerAgain(peer: OnionAddress, fileIdHex: string, groupId: Uint8Array | undefined): void {
    const known = this.#host.records
      .incomingOffers(fileIdHex)
      .find((offer) => offer.peer === peer && sameGroup(offer.groupId, groupId));
    const fileId = idBytes(fileIdHex);
    if (known?.state === 'accepted') this.#host.downloads.askSource(peer, fileIdHex, true);
    else if (known?.state === 'declined') this.#host.server.sendTo(peer, { kind: 'file-decline', fileId });
    else if (known?.state === 'cancelled')
      this.#host.server.sendTo(peer, { kind: 'file-cancel', fileId, scope: { kind: 'download' } });
  }

  /** Passes a group offer on to our friends in the group (members the sender may not reach). */
  #forward(from: OnionAddress, fileIdHex: string, groupId: Uint8Array): void {
    const message = offerMessage(this.#host.repo.manifest(idBytes(fileIdHex))!, groupId);
    for (const member of this.#friendsInGroup(hexOf(groupId)))
      if (member !== from) this.#host.server.sendTo(member, message);
  }

  /** `peer` withdrew its offer: it is no source any more, and if nobody else offered the file, the download ends. */
  #withdrawn(peer: OnionAddress, fileIdHex: string): void {
    const { context, repo, records, board } = this.#host;
    const now = context.now();
    let changed = false;
    for (const offer of records.incomingOffers(fileIdHex)) {
      if (offer.peer === peer && offer.state !== 'cancelled')
        changed = repo.setOfferState(offer, 'cancelled', now) || changed;
    }
    this.#host.downloads.sourceGone(peer, fileIdHex);
    if (!changed) return;
    log.info('a sender withdrew a file offer', { peer: sensitive(peer) });
    const standing = records.incomingOffers(fileIdHex).some((offer) => offer.state !== 'cancelled');
    const download = repo.download(idBytes(fileIdHex));
    if (!standing && download !== undefined && (download.state === 'active' || download.state === 'paused')) {
      this.#host.allWithdrawn(fileIdHex, download);
      return;
    }
    board.emitIn(fileIdHex);
  }

  /** Our friends among the members of a group we are in. */
  #friendsInGroup(groupIdHex: string): OnionAddress[] {
    const context = this.#host.context;
    return (this.#host.groups?.members(groupIdHex) ?? []).filter(
      (member) => member !== context.self && context.isFriend(member),
    );
  }
}

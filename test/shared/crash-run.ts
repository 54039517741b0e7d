/**
 * Kill -9 at any moment loses nothing acknowledged: two `burrow daemon`s on a private Tor
 * network exchange numbered messages, 1:1 and in a group, while a file is transferred; a driver
 * SIGKILLs one side at random moments (mid-send, mid-receive, mid-commit, mid-chunk) and starts
 * it again. Afterwards every message a daemon acknowledged (its `send` answered) must be in the
 * receiver's history exactly once and in the sender's own history, the file must complete with
 * the right hash, and both databases must pass a full integrity check.
 *
 * Used by `npm run bench -- crash` (≥ 100 kills) and by a short Tor test. No vitest here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TransferView } from '../../src/files/feature/api.js';
import { openProfile } from '../../src/store/profile.js';
import {
  befriendDaemons,
  DaemonProfile,
  groupOfDaemons,
  untilDaemons as untilStep,
  type MessageLine,
} from './daemon-profile.js';

export interface CrashRunOptions {
  /** A running private Tor network. */
  readonly testnetDir: string;
  /** An empty directory for the two profiles and the file. */
  readonly root: string;
  /** How many SIGKILLs. */
  readonly kills: number;
  /** Size of the file transferred meanwhile. */
  readonly fileBytes: number;
  /** Random numbers in [0, 1) choosing the victims and moments. */
  readonly random?: () => number;
  readonly log?: (line: string) => void;
}

export interface CrashRunResult {
  readonly kills: number;
  /** Messages the daemons acknowledged, 1:1 and group. */
  readonly acknowledged: { readonly direct: number; readonly group: number };
  /** Acknowledged messages missing from the receiver's (or the sender's own) history. */
  readonly lost: readonly string[];
  /** Messages shown more than once in a history. */
  readonly duplicates: readonly string[];
  /** Acknowledged messages never marked delivered by their sender. */
  readonly undelivered: readonly string[];
  readonly fileComplete: boolean;
  readonly fileHashMatches: boolean;
  /** `PRAGMA integrity_check` problems of either profile (empty: both fine). */
  readonly integrity: readonly string[];
  readonly durationMs: number;
}

const PAUSE_BETWEEN_SENDS_MS = 150;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the scenario; never leaves a daemon running. */
export async function runCrashScenario(options: CrashRunOptions): Promise<CrashRunResult> {
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => undefined);
  const began = Date.now();
  const ada = new DaemonProfile('ada', options.root, ['--testnet', options.testnetDir]);
  const bob = new DaemonProfile('bob', options.root, ['--testnet', options.testnetDir]);
  try {
    await Promise.all([ada.init(), bob.init()]);
    await Promise.all([ada.start(), bob.start()]);
    await befriendDaemons(ada, bob);
    const group = { id: await groupOfDaemons(ada, [bob], 'crash') };

    const fileBytes = randomBytes(options.fileBytes);
    const source = join(options.root, 'payload.bin');
    writeFileSync(source, fileBytes);
    const downloads = join(options.root, 'downloads');
    mkdirSync(downloads);
    const offer = await ada.call<TransferView>('file.send', { target: bob.onion, path: source });
    await untilStep(
      async () => (await bob.call<TransferView[]>('file.list')).some((t) => t.id === offer.id),
      'the offer arrives',
    );
    await bob.call('file.accept', { id: offer.id, dest: downloads });
    log(`set up in ${((Date.now() - began) / 1000).toFixed(1)} s; killing ${options.kills} times`);

    // Traffic both ways until the kills are done.
    const acknowledged = { direct: new Map<string, DaemonProfile>(), group: new Map<string, DaemonProfile>() };
    let sending = true;
    const talk = async (from: DaemonProfile, to: DaemonProfile): Promise<void> => {
      for (let n = 0; sending; n++) {
        const inGroup = n % 2 === 1;
        const text = `${from.name} ${inGroup ? 'group' : 'direct'} #${n}`;
        try {
          if (inGroup) await from.call('group.send', { group: group.id, text });
          else await from.call('send', { onion: to.onion, text });
          (inGroup ? acknowledged.group : acknowledged.direct).set(text, from);
        } catch {
          // Down, or killed before it answered: not acknowledged, so not owed.
        }
        await sleep(PAUSE_BETWEEN_SENDS_MS);
      }
    };
    const talking = [talk(ada, bob), talk(bob, ada)];
    for (let kill = 1; kill <= options.kills; kill++) {
      await sleep(300 + random() * 2_200);
      const victim = random() < 0.5 ? ada : bob;
      await victim.kill();
      await victim.start();
      if (kill % 10 === 0 || kill === options.kills) log(`${kill} kills`);
    }
    sending = false;
    await Promise.all(talking);

    // Everything acknowledged arrives, once.
    const owed = (to: DaemonProfile): string[] => [
      ...[...acknowledged.direct].filter(([, from]) => from !== to).map(([text]) => text),
      ...[...acknowledged.group].filter(([, from]) => from !== to).map(([text]) => text),
    ];
    const shown = async (side: DaemonProfile): Promise<MessageLine[]> =>
      [
        ...(await side.texts('history', { onion: side === ada ? bob.onion : ada.onion })),
        ...(await side.texts('group.history', { group: group.id })),
      ].filter((line) => typeof line.text === 'string'); // not the group's system lines
    // A timeout here is reported below as lost messages, not thrown.
    await untilStep(async () => {
      for (const side of [ada, bob]) {
        const texts = new Set((await shown(side)).map((line) => line.text));
        if (!owed(side).every((text) => texts.has(text))) return false;
      }
      return true;
    }, 'every acknowledged message arrives').catch((error: unknown) => log(String(error)));
    let fileComplete = false;
    let fileHashMatches = false;
    await untilStep(async () => {
      const transfer = (await bob.call<TransferView[]>('file.list')).find(
        (t) => t.id === offer.id && t.direction === 'in',
      );
      if (transfer?.state === 'paused') await bob.call('file.resume', { id: offer.id });
      return transfer?.state === 'complete';
    }, 'the file completes').then(
      async () => {
        fileComplete = true;
        const transfer = (await bob.call<TransferView[]>('file.list')).find(
          (t) => t.id === offer.id && t.direction === 'in',
        );
        fileHashMatches =
          transfer?.path !== undefined &&
          createHash('sha256').update(readFileSync(transfer.path)).digest('hex') ===
            createHash('sha256').update(fileBytes).digest('hex');
      },
      (error: unknown) => log(String(error)),
    );

    const lost: string[] = [];
    const duplicates: string[] = [];
    const undelivered: string[] = [];
    for (const side of [ada, bob]) {
      const lines = await shown(side);
      const counts = new Map<string, number>();
      for (const line of lines) counts.set(line.text!, (counts.get(line.text!) ?? 0) + 1);
      for (const [text, count] of counts) if (count > 1) duplicates.push(`${side.name}: ${text} ×${count}`);
      for (const text of owed(side)) if (!counts.has(text)) lost.push(`${side.name} never got: ${text}`);
      const own = [...acknowledged.direct, ...acknowledged.group].filter(([, from]) => from === side);
      for (const [text] of own) if (!counts.has(text)) lost.push(`${side.name} lost its own: ${text}`);
      for (const line of lines)
        if (
          line.direction === 'out' &&
          acknowledged.direct.has(line.text!) &&
          line.state !== 'delivered' &&
          line.state !== 'read'
        )
          undelivered.push(`${side.name}: ${line.text} (${line.state})`);
    }

    await Promise.all([ada.stop(), bob.stop()]);
    const integrity: string[] = [];
    for (const side of [ada, bob]) {
      const store = await openProfile(side.profile, side.env['BURROW_PASSPHRASE']!);
      try {
        store.checkIntegrity('full');
      } catch (error) {
        integrity.push(`${side.name}: ${String(error)}`);
      } finally {
        store.close();
      }
    }
    return {
      kills: options.kills,
      acknowledged: { direct: acknowledged.direct.size, group: acknowledged.group.size },
      lost,
      duplicates,
      undelivered,
      fileComplete,
      fileHashMatches,
      integrity,
      durationMs: Date.now() - began,
    };
  } finally {
    await Promise.all([ada.kill(), bob.kill()]);
  }
}

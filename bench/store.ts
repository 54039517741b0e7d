/**
 * `npm run bench -- store`: the encrypted profile store with 1 M messages.
 *
 * 1. Insert rate: the same ProfileStore code writes the same messages (batched transactions,
 *    synchronous=FULL) into an encrypted profile and into an unencrypted database with the same
 *    schema and settings. Batches alternate between the two, so drift on the shared machine
 *    hits both alike. Then single-message commits on the full databases (ordinary chat).
 * 2. Open + first page: close both, then time opening and reading the newest 50 messages of one
 *    conversation: `openProfile` (scrypt N=2^17 + SQLite), the encrypted database opened with the
 *    already derived key (the cost of the encryption alone), and the unencrypted database.
 *
 * `BURROW_BENCH_STORE_MESSAGES` overrides the message count for a quick try.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateIdentity } from '../src/crypto/identity.js';
import type { OnionAddress } from '../src/crypto/onion-address.js';
import { decodeProfileHeader, readHeaderFile } from '../src/store/header.js';
import { deriveProfileKeys } from '../src/store/kdf.js';
import type { MessageDirection } from '../src/chat/store/messages-repository.js';
import { createProfile, openProfile } from '../src/store/profile.js';
import { ProfileStore } from '../src/store/profile-store.js';
import { openDatabase } from '../src/store/sqlite.js';
import { percentile, type Benchmark } from './benchmark.js';

const MESSAGES = Number(process.env['BURROW_BENCH_STORE_MESSAGES'] ?? 1_000_000);
/**
 * Messages per bulk transaction, as when importing or catching up on a backlog. Random 16-byte
 * ids scatter index writes, so small batches rewrite (and re-encrypt) the same index pages once
 * per commit; 10 000 keeps the 1 M run within a few minutes. The per-message cost of ordinary
 * chat (one commit per message) is measured separately below.
 */
const BATCH = 10_000;
/** Single-message transactions timed on the full database (what each sent or received message costs). */
const SINGLES = 500;
const CONVERSATIONS = 100;
const PAGE = 50;
/** Open + first page is repeated and the median kept (each encrypted open runs scrypt, ≈ 0.4 s). */
const OPEN_REPEATS = 5;
const PASSPHRASE = 'benchmark passphrase, not a secret';

/** Chat-like bodies of 8–200 characters, deterministic. */
function bodies(count: number): string[] {
  const words = [
    'hey',
    'are',
    'you',
    'around',
    'tonight',
    'the',
    'file',
    'is',
    'ready',
    'sending',
    'it',
    'now',
    'thanks',
    'see',
    'later',
    'ok',
  ];
  let state = 0x2545f491;
  const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  return Array.from({ length: count }, () => {
    const target = 8 + (next() % 193);
    let text = '';
    while (text.length < target) text += `${words[next() % words.length]!} `;
    return text.slice(0, target);
  });
}

function insertBatch(
  store: ProfileStore,
  friends: readonly OnionAddress[],
  texts: readonly string[],
  first: number,
  count: number,
): void {
  const ids = randomBytes(16 * count);
  const now = Date.now();
  store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const n = first + i;
      const direction: MessageDirection = n % 2 === 0 ? 'out' : 'in';
      store.messages.insertIfAbsent({
        id: ids.subarray(16 * i, 16 * i + 16),
        conversation: friends[n % friends.length]!,
        direction,
        body: texts[n % texts.length]!,
        createdAt: now,
        receivedAt: now,
        state: direction === 'out' ? 'delivered' : 'read',
      });
    }
  });
}

function openPlain(file: string, dir: string): ProfileStore {
  return ProfileStore.attach(openDatabase(file, undefined, { dir }), { dir });
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function mib(bytes: number): number {
  return Math.round((bytes / 2 ** 20) * 10) / 10;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

const benchmark: Benchmark = {
  description: `${MESSAGES.toLocaleString('en')} messages: insert rate and open + newest ${PAGE}, encrypted profile vs the same store unencrypted`,
  async run() {
    const root = mkdtempSync(join(tmpdir(), 'burrow-bench-store-'));
    try {
      const profileDir = join(root, 'profile');
      const plainDir = join(root, 'plain');
      const plainFile = join(plainDir, 'plain.db');
      const encrypted = await createProfile(profileDir, PASSPHRASE, { displayName: 'bench' });
      mkdirSync(plainDir);
      writeFileSync(plainFile, '');
      const plain = openPlain(plainFile, plainDir);

      const friends = Array.from({ length: CONVERSATIONS }, () => generateIdentity().onionAddress);
      for (const store of [encrypted, plain]) {
        store.transaction(() =>
          friends.forEach((onion) => store.contacts.insert({ onion, state: 'friend', createdAt: Date.now() })),
        );
      }
      const texts = bodies(4096);

      let encryptedMs = 0;
      let plainMs = 0;
      const started = performance.now();
      for (let first = 0, round = 0; first < MESSAGES; first += BATCH, round++) {
        const count = Math.min(BATCH, MESSAGES - first);
        // Alternate which store goes first so neither always gets the warmer cache.
        const order = round % 2 === 0 ? ([encrypted, plain] as const) : ([plain, encrypted] as const);
        for (const store of order) {
          const t0 = performance.now();
          insertBatch(store, friends, texts, first, count);
          const elapsed = performance.now() - t0;
          if (store === encrypted) encryptedMs += elapsed;
          else plainMs += elapsed;
        }
        if (round % 10 === 9)
          process.stdout.write(
            `   ${(first + count).toLocaleString('en')} messages in ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
          );
      }
      // One message per transaction on the full database: the latency of an acknowledged write.
      const singleEncrypted: number[] = [];
      const singlePlain: number[] = [];
      for (let i = 0; i < SINGLES; i++) {
        for (const store of i % 2 === 0 ? [encrypted, plain] : [plain, encrypted]) {
          const t0 = performance.now();
          insertBatch(store, friends, texts, MESSAGES + i, 1);
          (store === encrypted ? singleEncrypted : singlePlain).push(performance.now() - t0);
        }
      }

      const t1 = performance.now();
      encrypted.close();
      const encryptedCloseMs = performance.now() - t1;
      const t2 = performance.now();
      plain.close();
      const plainCloseMs = performance.now() - t2;

      const conversation = friends[0]!;
      const header = decodeProfileHeader(readHeaderFile(join(profileDir, 'profile.json'), profileDir), profileDir);
      const { databaseKey } = await deriveProfileKeys(PASSPHRASE, header.salt, header.kdf);
      const firstPage = (store: ProfileStore): void => {
        const page = store.messages.page(conversation, { limit: PAGE });
        if (page.messages.length !== PAGE) throw new Error(`expected ${PAGE} messages, got ${page.messages.length}`);
      };
      /** Times `open` + first page + nothing else; closes outside the timing. */
      const timeOpen = async (open: () => ProfileStore | Promise<ProfileStore>): Promise<number> => {
        const t = performance.now();
        const store = await open();
        firstPage(store);
        const elapsed = performance.now() - t;
        store.close();
        return elapsed;
      };
      const openProfileTimes: number[] = [];
      const openKeyedTimes: number[] = [];
      const openPlainTimes: number[] = [];
      const scryptTimes: number[] = [];
      for (let i = 0; i < OPEN_REPEATS; i++) {
        // What a user waits for: openProfile (header, scrypt, SQLite, migrations check) + the first page.
        openProfileTimes.push(await timeOpen(() => openProfile(profileDir, PASSPHRASE)));
        // The same without scrypt: the encrypted database opened with the derived key, as the baseline is.
        openKeyedTimes.push(
          await timeOpen(() =>
            ProfileStore.attach(openDatabase(join(profileDir, 'profile.db'), databaseKey, { dir: profileDir }), {
              dir: profileDir,
            }),
          ),
        );
        openPlainTimes.push(await timeOpen(() => openPlain(plainFile, plainDir)));
        const t = performance.now();
        (await deriveProfileKeys(PASSPHRASE, header.salt, header.kdf)).databaseKey.fill(0);
        scryptTimes.push(performance.now() - t);
      }
      databaseKey.fill(0);

      const encryptedRate = Math.round(MESSAGES / (encryptedMs / 1000));
      const plainRate = Math.round(MESSAGES / (plainMs / 1000));
      const openMs = percentile(openProfileTimes, 50);
      const keyedMs = percentile(openKeyedTimes, 50);
      const plainOpenMs = percentile(openPlainTimes, 50);
      const results = {
        messages: MESSAGES,
        batch: BATCH,
        conversations: CONVERSATIONS,
        insert: {
          encryptedPerSecond: encryptedRate,
          unencryptedPerSecond: plainRate,
          ratio: Math.round((encryptedRate / plainRate) * 1000) / 1000,
          encryptedCloseMs: Math.round(encryptedCloseMs),
          unencryptedCloseMs: Math.round(plainCloseMs),
        },
        singleMessageCommit: {
          samples: SINGLES,
          encryptedMedianMs: round2(percentile(singleEncrypted, 50)),
          encryptedP99Ms: round2(percentile(singleEncrypted, 99)),
          unencryptedMedianMs: round2(percentile(singlePlain, 50)),
          unencryptedP99Ms: round2(percentile(singlePlain, 99)),
          ratio: round2(percentile(singleEncrypted, 50) / percentile(singlePlain, 50)),
        },
        openFirstPage: {
          pageSize: PAGE,
          samples: OPEN_REPEATS,
          profileMs: round1(openMs),
          encryptedWithoutScryptMs: round1(keyedMs),
          unencryptedMs: round1(plainOpenMs),
          ratio: round1(openMs / plainOpenMs),
          ratioWithoutScrypt: round1(keyedMs / plainOpenMs),
          scryptAloneMs: round1(percentile(scryptTimes, 50)),
        },
        sizeMiB: { encrypted: mib(fileSize(join(profileDir, 'profile.db'))), unencrypted: mib(fileSize(plainFile)) },
      };
      console.log(
        `   insert: encrypted ${encryptedRate.toLocaleString('en')}/s vs unencrypted ${plainRate.toLocaleString('en')}/s ` +
          `→ ratio ${results.insert.ratio} (batches of ${BATCH}, synchronous=FULL)`,
      );
      console.log(
        `   one message per commit on the full database: encrypted ${results.singleMessageCommit.encryptedMedianMs} ms (p99 ` +
          `${results.singleMessageCommit.encryptedP99Ms}) vs unencrypted ${results.singleMessageCommit.unencryptedMedianMs} ms (p99 ` +
          `${results.singleMessageCommit.unencryptedP99Ms}) → ratio ${results.singleMessageCommit.ratio}`,
      );
      console.log(
        `   open + newest ${PAGE}: openProfile ${results.openFirstPage.profileMs} ms (scrypt N=2^17 alone: ${results.openFirstPage.scryptAloneMs} ms) vs unencrypted ` +
          `${results.openFirstPage.unencryptedMs} ms → ratio ${results.openFirstPage.ratio}; without scrypt ` +
          `${results.openFirstPage.encryptedWithoutScryptMs} ms → ratio ${results.openFirstPage.ratioWithoutScrypt}`,
      );
      console.log(
        `   size: encrypted ${results.sizeMiB.encrypted} MiB, unencrypted ${results.sizeMiB.unencrypted} MiB`,
      );
      return results;
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
};

export default benchmark;

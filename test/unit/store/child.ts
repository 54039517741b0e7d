/**
 * Child process for the crash and lock tests (run with `node --import tsx`):
 *
 *   child.ts write <dir> <conversation>  — opens the profile (BURROW_PASSPHRASE), then stores
 *       messages forever, one transaction each (message + outbox entry), printing
 *       `ack <hex id>` only after the commit returned: what a chat peer would be acked.
 *   child.ts hold <dir>                  — opens the profile, prints `ready`, waits to be killed.
 */
import { randomBytes } from 'node:crypto';
import type { OnionAddress } from '../../../src/crypto/onion-address.js';
import { openProfile } from '../../../src/store/profile.js';

const [mode, dir, conversation] = process.argv.slice(2);
const passphrase = process.env['BURROW_PASSPHRASE'] ?? '';
const store = await openProfile(dir!, passphrase);

if (mode === 'hold') {
  process.stdout.write('ready\n');
  setInterval(() => undefined, 60_000);
} else if (mode === 'write') {
  // Bounded so a parent that forgets to kill us does not leave a process running forever.
  for (let i = 0; i < 200_000; i++) {
    const id = randomBytes(16);
    const now = Date.now();
    store.transaction(() => {
      store.messages.insertIfAbsent({
        id,
        conversation: conversation as OnionAddress,
        direction: 'out',
        body: `crash-test message ${i} `.repeat(1 + (i % 7)),
        createdAt: now,
        receivedAt: now,
        state: 'sending',
      });
      store.outbox.enqueue(id, now);
    });
    process.stdout.write(`ack ${id.toString('hex')}\n`);
    // Yield now and then so the parent's SIGKILL can land anywhere, including mid-commit.
    if (i % 50 === 49) await new Promise((resolve) => setImmediate(resolve));
  }
  store.close();
} else {
  process.stderr.write(`unknown mode ${String(mode)}\n`);
  process.exit(2);
}

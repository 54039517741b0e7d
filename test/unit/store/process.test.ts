/**
 * Tests with a second process: crash safety (SIGKILL mid-stream loses nothing acknowledged)
 * and the single-writer lock (refused while held, taken over once the holder is dead).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { openProfile } from '../../../src/store/profile.js';
import { removeTempDirs } from '../../shared/temp-dirs.js';
import { addFriend, CHILD_SCRIPT, newProfile, PASSPHRASE } from './helpers.js';

const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  removeTempDirs();
});

function startChild(args: string[]): { child: ChildProcess; lines: Interface; exited: Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, ...args], {
    cwd: process.cwd(),
    env: { ...process.env, BURROW_PASSPHRASE: PASSPHRASE },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, lines: createInterface({ input: child.stdout }), exited };
}

describe('crash safety', () => {
  it('keeps every acknowledged message and its outbox entry when the writer is SIGKILLed mid-stream', async () => {
    const { dir, store } = await newProfile();
    const friend = addFriend(store);
    store.close();

    const { child, lines, exited } = startChild(['write', dir, friend]);
    const acknowledged: string[] = [];
    for await (const line of lines) {
      const match = /^ack ([0-9a-f]{32})$/.exec(line);
      if (match === null) throw new Error(`unexpected child output: ${line}`);
      acknowledged.push(match[1]!);
      if (acknowledged.length === 300) {
        child.kill('SIGKILL');
        break;
      }
    }
    await exited;
    expect(child.signalCode).toBe('SIGKILL');

    const reopened = await openProfile(dir, PASSPHRASE);
    try {
      reopened.checkIntegrity();
      for (const hex of acknowledged) {
        const id = Buffer.from(hex, 'hex');
        expect(reopened.messages.get(id)?.conversation, hex).toBe(friend);
      }
      const queued = new Set(
        reopened.outbox.pendingFor(friend).map((entry) => Buffer.from(entry.messageId).toString('hex')),
      );
      for (const hex of acknowledged) expect(queued.has(hex), hex).toBe(true);
      // Rows committed after the last ack we read may also be there; none is half-written.
      let count = 0;
      for (
        let page = reopened.messages.page(friend, { limit: 1000 });
        ;
        page = reopened.messages.page(friend, { before: page.before, limit: 1000 })
      ) {
        count += page.messages.length;
        for (const message of page.messages) expect(queued.has(Buffer.from(message.id).toString('hex'))).toBe(true);
        if (page.before === undefined) break;
      }
      expect(count).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      reopened.close();
    }
  });
});

describe('single writer lock', () => {
  it('refuses a second open in the same process', async () => {
    const { dir, store } = await newProfile();
    try {
      await expect(openProfile(dir, PASSPHRASE)).rejects.toMatchObject({
        name: 'ProfileLockedError',
        holderPid: process.pid,
      });
      // The refused attempt did not disturb the holder.
      expect(store.identity.get().displayName).toBe('ada');
    } finally {
      store.close();
    }
    (await openProfile(dir, PASSPHRASE)).close();
  });

  it('refuses while another process holds the profile, and takes over once that process is killed', async () => {
    const { dir, store } = await newProfile();
    store.close();
    const { child, lines, exited } = startChild(['hold', dir]);
    expect((await lines[Symbol.asyncIterator]().next()).value).toBe('ready');

    const error = await openProfile(dir, PASSPHRASE).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ProfileLockedError', holderPid: child.pid, action: 'tell-user' });
    expect((error as Error).message).toContain(String(child.pid));

    child.kill('SIGKILL');
    await exited;
    // The dead holder's profile.lock is still there; the kernel released its SQLite lock.
    const reopened = await openProfile(dir, PASSPHRASE);
    expect(reopened.identity.get().displayName).toBe('ada');
    reopened.close();
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseLine } from '../../../src/tui/commands/registry.js';
import { findCompletions } from '../../../src/tui/commands/completion.js';
import { resolveUserPath } from '../../../src/tui/input/path-completion.js';
import { transferLines } from '../../../src/tui/transfers/transfer-lines.js';
import { formatBytes, formatEta, formatRate, percentDone } from '../../../src/text/transfer-format.js';
import { contact, FakeNode, onion, transfer } from '../../shared/fake-node/index.js';
import { KEYS, startMain, waitForFrame } from './harness.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const text = (lines: ReturnType<typeof transferLines>): string[] =>
  lines.map((line) => line.segments.map((segment) => segment.text).join(''));

describe('file commands', () => {
  it('parses /send with a path (quotes dropped) and /files', () => {
    expect(parseLine('/send ~/photos/cat one.jpg')).toEqual({
      kind: 'command',
      command: { name: 'send', path: '~/photos/cat one.jpg' },
    });
    expect(parseLine('/send "a b.txt"')).toEqual({ kind: 'command', command: { name: 'send', path: 'a b.txt' } });
    expect(parseLine('/send')).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('Usage: /send <path>') as unknown,
    });
    expect(parseLine('/files')).toEqual({ kind: 'command', command: { name: 'files' } });
    expect(parseLine('/files now')).toMatchObject({ kind: 'invalid' });
    expect(resolveUserPath('~/x', { cwd: '/w', home: '/h' })).toBe('/h/x');
    expect(resolveUserPath('x', { cwd: '/w', home: '/h' })).toBe('/w/x');
  });

  it('completes /send paths from the working folder, folders with a slash, hidden names only when asked', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'burrow-tui-paths-'));
    dirs.push(cwd);
    mkdirSync(join(cwd, 'photos'));
    writeFileSync(join(cwd, 'photos', 'cat.jpg'), 'x');
    writeFileSync(join(cwd, 'photos', 'car.png'), 'x');
    writeFileSync(join(cwd, 'plan.txt'), 'x');
    writeFileSync(join(cwd, '.secret'), 'x');
    const paths = { cwd, home: cwd };
    const complete = (line: string) => findCompletions(line, line.length, [], undefined, paths)?.matches;
    expect(complete('/send p')).toEqual(['photos/', 'plan.txt']);
    expect(complete('/send photos/ca')).toEqual(['photos/car.png', 'photos/cat.jpg']);
    expect(complete('/send ~/pl')).toEqual(['~/plan.txt']);
    expect(complete('/send ')).not.toContain('.secret');
    expect(complete('/send .s')).toEqual(['.secret']);
    expect(complete('/send nothing-here/')).toBeUndefined();
  });
});

describe('transfer lines', () => {
  it('shows a progress bar, percentage, speed and time left for a download, and keys for the selected one', () => {
    const download = transfer({
      name: 'film.mkv',
      size: 10_000_000,
      state: 'downloading',
      bytesDone: 4_500_000,
      rate: 1_200_000,
      etaSeconds: 5,
      sources: [{ onion: onion(1), bytes: 4_500_000, stalled: false }],
    });
    const lines = text(transferLines([download], 100, 0, () => 'alice'));
    expect(lines[0]).toBe('▸ ↓ film.mkv  9.5 MiB  downloading');
    expect(lines[1]).toMatch(/^ {4}█{9}▏? + {2}45% {2}4\.3 MiB of 9\.5 MiB {2}1\.1 MiB\/s {2}5 s left {2}from alice$/);
    expect(lines[2]).toBe('    c cancel');
    const expired = transfer({ name: 'old.pdf', state: 'complete', path: '/d/old.pdf', expired: true });
    expect(text(transferLines([expired], 100, 0, () => 'alice'))).toEqual([
      '▸ ↓ old.pdf  977 KiB  done',
      '    /d/old.pdf',
      '    expired (the conversation’s disappearing timer ran out) — delete? press e',
      '    e delete the file and forget the transfer',
    ]);
    const offer = transfer({ name: 'x.pdf', state: 'offered', from: onion(1), offeredBy: [onion(1)] });
    expect(text(transferLines([offer], 60, 1, () => 'alice'))).toEqual([
      '  ↓ x.pdf  977 KiB  offered',
      '    from alice',
    ]);
    const sent = transfer({
      direction: 'out',
      name: 'y.zip',
      state: 'offered',
      recipients: [{ onion: onion(2), state: 'accepted' }],
      bytesDone: 2_000_000,
      rate: 500_000,
    });
    expect(text(transferLines([sent], 80, 0, () => 'bob'))).toEqual([
      '▸ ↑ y.zip  977 KiB  offered',
      '    to bob (accepted)  sent 1.9 MiB at 488 KiB/s',
      '    c withdraw',
    ]);
  });

  it('formats sizes, rates, time left and percentages for people', () => {
    expect([formatBytes(999), formatBytes(4_200_000), formatBytes(52_000_000_000)]).toEqual([
      '999 B',
      '4.0 MiB',
      '48 GiB',
    ]);
    expect(formatRate(310 * 1024)).toBe('310 KiB/s');
    expect([formatEta(0.2), formatEta(200), formatEta(7_300)]).toEqual(['1 s left', '3 min left', '2 h 2 min left']);
    expect([percentDone(999, 1000), percentDone(1000, 1000), percentDone(0, 0)]).toEqual([99, 100, 100]);
  });
});

describe('the transfers view', () => {
  it('prompts for a new offer, accepts it from /files, and follows the download', async () => {
    const alice = contact(1, { nickname: 'alice', online: true });
    const node = new FakeNode([alice]);
    const ui = await startMain(node, { columns: 110, rows: 24 });
    await waitForFrame(ui, (frame) => frame.includes('alice'));
    const offer = node.files.put(
      transfer({
        name: 'holiday\u001b]0;pwned\u0007.jpg',
        size: 4_200_000,
        from: alice.onion,
        offeredBy: [alice.onion],
      }),
    );
    await waitForFrame(ui, (frame) => frame.includes('alice offers holiday') && frame.includes('(4.0 MiB): /files'));
    expect(ui.frame()).not.toContain('\u001b]0;');

    await ui.type('/files', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Transfers (1)') && frame.includes('a accept · d decline'));
    await ui.type('a');
    await waitForFrame(ui, (frame) => frame.includes('Downloading holiday'));
    expect(node.callsOf('files.accept')).toEqual([{ method: 'files.accept', args: [offer.id] }]);
    node.files.put({
      ...offer,
      state: 'downloading',
      bytesDone: 2_100_000,
      rate: 700_000,
      etaSeconds: 3,
      sources: [{ onion: alice.onion, bytes: 2_100_000, stalled: false }],
    });
    await waitForFrame(ui, (frame) =>
      /█+.* 50% {2}2\.0 MiB of 4\.0 MiB {2}684 KiB\/s {2}3 s left {2}from alice/.test(frame),
    );
    await ui.type(KEYS.escape);
    await waitForFrame(ui, (frame) => !frame.includes('Transfers (1)'));
  });

  it('offers a file to the open friend with /send, and declines with d', async () => {
    const alice = contact(1, { nickname: 'alice', online: true });
    const node = new FakeNode([alice]);
    const ui = await startMain(node, { columns: 90, rows: 24 });
    await waitForFrame(ui, (frame) => frame.includes('alice'));
    await ui.type('/send /tmp/report.pdf', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Offered report.pdf (977 KiB) to alice'));
    expect(node.callsOf('files.send')).toEqual([{ method: 'files.send', args: [alice.onion, '/tmp/report.pdf'] }]);
    const offer = node.files.put(transfer({ name: 'b.txt', from: alice.onion, createdAt: 1_800_000_000_000 }));
    await ui.type('/files', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Transfers (2)'));
    await ui.type('d');
    await waitForFrame(ui, (frame) => frame.includes('Declined b.txt'));
    expect(node.callsOf('files.decline')).toEqual([{ method: 'files.decline', args: [offer.id] }]);
  });

  it('prompts when a received file’s disappearing timer runs out, and deletes it with e', async () => {
    const alice = contact(1, { nickname: 'alice', online: true });
    const node = new FakeNode([alice]);
    const ui = await startMain(node, { columns: 120, rows: 24 });
    await waitForFrame(ui, (frame) => frame.includes('alice'));
    const saved = node.files.put(
      transfer({ name: 'plans.pdf', state: 'complete', from: alice.onion, path: '/home/me/Downloads/plans.pdf' }),
    );
    node.files.put({ ...saved, expired: true });
    await waitForFrame(ui, (frame) => frame.includes('plans.pdf from alice expired') && frame.includes('Delete it?'));
    await ui.type('/files', KEYS.enter);
    await waitForFrame(
      ui,
      (frame) =>
        frame.includes('expired (the conversation’s disappearing timer ran out)') && frame.includes('e delete'),
    );
    await ui.type('e');
    await waitForFrame(ui, (frame) => frame.includes('Deleted plans.pdf from /home/me/Downloads/plans.pdf'));
    expect(node.callsOf('files.delete')).toEqual([{ method: 'files.delete', args: [saved.id] }]);
    await waitForFrame(ui, (frame) => frame.includes('Transfers (0)'));
  });
});

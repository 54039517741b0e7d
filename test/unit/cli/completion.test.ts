// Shell completion: the candidates `burrow __complete` gives for a command line (commands,
// subcommands and flags from the tables; contacts and groups from a running daemon), and the bash
// script driving the real `burrow` as the shell would.
import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { completeWords } from '../../../src/cli/complete.js';
import { CTL_COMMANDS } from '../../../src/cli/ctl.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { befriend } from '../../shared/befriend.js';
import { BURROW_BIN } from '../../shared/burrow-cli.js';
import { closeDaemons, serveDaemon } from '../../shared/ctl-in-process.js';
import { TestNode, tearDownNodes } from '../../shared/node-harness.js';
import { removeTempDirs, tempDir } from '../../shared/temp-dirs.js';

const TOP: [string, string][] = [
  ['ctl', 'Control a running daemon'],
  ['completion', 'Print the completion script'],
];
const values = async (words: string[]): Promise<string[]> => (await completeWords(words, TOP)).map(([value]) => value);

afterEach(async () => {
  await closeDaemons();
  await tearDownNodes();
});
afterAll(removeTempDirs);

describe('burrow __complete', () => {
  it('completes commands, ctl commands from the table, subcommands and flags', async () => {
    expect(await values(['c'])).toEqual(['ctl', 'completion']);
    expect(await values(['ctl', ''])).toEqual(Object.keys(CTL_COMMANDS));
    expect(await values(['ctl', 'gr'])).toEqual(['group']);
    expect(await values(['ctl', 'group', 'in'])).toEqual(['invite', 'invitations']);
    expect(await values(['ctl', 'history', '--'])).toEqual(
      expect.arrayContaining(['--json', '--profile', '--limit', '--before']),
    );
    expect(await values(['completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    // A path goes to the shell's own file completion.
    expect(await values(['ctl', '--profile', ''])).toEqual([]);
  });

  it("offers the running daemon's contacts (onion and name) for an <onion>, and none without a daemon", async () => {
    const network = new MemoryNetwork();
    const ada = await TestNode.create(network, 'ada');
    const bob = await TestNode.create(network, 'bob');
    await befriend(ada, bob);
    expect(await values(['ctl', 'send', '--profile', ada.dir, ''])).toEqual([]);
    await serveDaemon(ada);
    const candidates = await completeWords(['ctl', 'send', '--profile', ada.dir, ''], TOP);
    expect(candidates.map(([value]) => value)).toEqual([bob.onion]);
    expect(candidates[0]?.[1]).not.toMatch(/[\t\n\p{Cc}]/u);
    expect(await values(['ctl', 'send', '--profile', ada.dir, bob.onion, ''])).toEqual([]);
  });
});

describe('burrow completion bash', () => {
  it('completes through the real burrow command', () => {
    const bin = tempDir('burrow-bin-');
    symlinkSync(BURROW_BIN, join(bin, 'burrow'));
    const script = `source <(burrow completion bash)
COMP_WORDS=(burrow ctl gro); COMP_CWORD=2; _burrow; echo "\${COMPREPLY[@]}"`;
    const out = execFileSync('bash', ['-c', script], {
      env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` },
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('group');
  });
});

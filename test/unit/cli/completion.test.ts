// Shell completion: the candidates `burrow __complete` gives for a command line (commands,
// subcommands and flags from the tables; contacts and groups from a running daemon), and the bash,
// zsh and fish scripts driving the real `burrow` as each shell would (.ci/run installs zsh and
// fish; a machine without one skips its test).
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

/** Runs `script` in `shell` with the real `burrow` first on the PATH. */
function inShell(shell: string, script: string): string {
  const bin = tempDir('burrow-bin-');
  symlinkSync(BURROW_BIN, join(bin, 'burrow'));
  return execFileSync(shell, ['-c', script], {
    cwd: bin,
    env: { ...process.env, PATH: `${bin}:${process.env['PATH'] ?? ''}` },
    encoding: 'utf8',
  });
}

const hasShell = (shell: string): boolean => {
  try {
    execFileSync(shell, ['-c', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

// Each starts the real burrow a few times: seconds apiece on a busy machine.
describe('burrow completion <shell>', { timeout: 120_000 }, () => {
  it('bash: completes through the real burrow command', () => {
    const out = inShell(
      'bash',
      `source <(burrow completion bash)
COMP_WORDS=(burrow ctl gro); COMP_CWORD=2; _burrow; echo "\${COMPREPLY[@]}"`,
    );
    expect(out.trim()).toBe('group');
  });

  it.skipIf(!hasShell('zsh'))('zsh: the script parses, and its function offers what burrow __complete gives', () => {
    // zsh -n fails (and execFileSync throws) on a syntax error. compsys itself needs a terminal:
    // its entry points are stood in for, the rest is the script's own.
    const out = inShell(
      'zsh',
      `burrow completion zsh > _burrow.zsh && zsh -n _burrow.zsh || exit 1
compdef() { :; }; _describe() { print -l -- "\${(@P)2}"; }; _files() { print FILES; }
source _burrow.zsh
words=(burrow ctl gro); CURRENT=3; _burrow
words=(burrow ctl --profile ''); CURRENT=4; _burrow`,
    );
    expect(out.split('\n')[0]).toMatch(/^group:group chat: /);
    expect(out.trim().split('\n').at(-1)).toBe('FILES');
  });

  it.skipIf(!hasShell('fish'))('fish: complete -C completes through the real burrow command', () => {
    const out = inShell(
      'fish',
      `source (burrow completion fish | psub)
complete -C "burrow ctl gro"; complete -C "burrow completion "`,
    );
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^group\tgroup chat: /);
    expect(lines.slice(1)).toEqual(['bash', 'fish', 'zsh']);
  });
});

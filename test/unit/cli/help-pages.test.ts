// Every command's help, and every ctl command's and subcommand's own page, made from the command
// tables: printed without a daemon, on stdout, within 80 columns. (In process, as there are many;
// cli-process.test.ts runs a few through bin/burrow.js.)
import { describe, expect, it, vi } from 'vitest';
import { CTL_COMMANDS } from '../../../src/cli/ctl.js';
import { main } from '../../../src/cli/main.js';
import { printedBy } from '../../shared/console-capture.js';

function widest(text: string): number {
  return Math.max(...text.split('\n').map((line) => [...line].length));
}

const pages = Object.entries(CTL_COMMANDS).flatMap(([name, command]) => [
  [name],
  ...Object.keys(command.subcommands ?? {}).map((sub) => [name, sub]),
]);

describe('help pages', () => {
  it.each(pages)('`burrow ctl %s [sub] --help` is its own page', async (...words) => {
    const { result, out, err } = await printedBy(() => main(['ctl', ...words, '--help']));
    expect(result).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(new RegExp(`^Usage: burrow ctl ${words.join(' ')}\\b`));
    expect(out).not.toContain('Commands:');
    expect(widest(out)).toBeLessThanOrEqual(80);
  });

  it.each([
    [],
    ['init'],
    ['id'],
    ['daemon'],
    ['ctl'],
    ['demo'],
    ['testnet'],
    ['testnet', 'start'],
    ['testnet', 'status'],
    ['testnet', 'stop'],
    ['completion'],
  ])('`burrow %s --help` fits 80 columns', async (...words) => {
    const { result, out } = await printedBy(() => main([...words, '--help']));
    expect(result).toBe(0);
    expect(out).toContain('Usage: burrow');
    expect(widest(out)).toBeLessThanOrEqual(80);
  });

  it('`burrow ctl` alone prints the overview on stderr and exits 2', async () => {
    const { result, out, err } = await printedBy(() => main(['ctl']));
    expect(result).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('Usage: burrow ctl <command>');
  });

  it('the man page lists every ctl command and subcommand', async () => {
    const chunks: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => chunks.push(String(chunk)) > 0);
    try {
      expect(await main(['man'])).toBe(0);
    } finally {
      write.mockRestore();
    }
    const page = chunks.join('');
    expect(page).toMatch(/^\.TH BURROW 1/);
    for (const [name, command] of Object.entries(CTL_COMMANDS)) {
      expect(page).toContain(`.B ${name.replaceAll('-', '\\-')}`);
      for (const sub of Object.values(command.subcommands ?? {}))
        expect(page).toContain(`.B ${name} ${sub.usage.replaceAll('-', '\\-')}`);
    }
  });
});

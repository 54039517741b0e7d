// `burrow --version` and `-V` print the package's version (not "unknown option" from the TUI's flags).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.js';
import { printedBy } from '../../shared/console-capture.js';

const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('burrow --version', () => {
  it.each(['--version', '-V'])('%s prints the version and exits 0', async (flag) => {
    const { result, out } = await printedBy(() => main([flag]));
    expect(result).toBe(0);
    expect(out.trim()).toBe(version);
  });
});

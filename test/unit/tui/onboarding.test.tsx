import { describe, expect, it } from 'vitest';
import { App } from '../../../src/tui/components/App.js';
import { FakeNode } from '../../shared/fake-node/index.js';
import { bootWith, KEYS, memoryPreferences, recordingEffects, renderAt, waitForFrame } from './harness.js';

function firstRun(node = new FakeNode()) {
  const created: [string, string][] = [];
  const boot = bootWith(node, {
    profileExists: false,
    createProfile: (name: string, passphrase: string) => {
      created.push([name, passphrase]);
      return Promise.resolve(node);
    },
  });
  return { boot, created, node };
}

describe('first run', () => {
  it('asks for a name, then the passphrase twice, starting over when they differ', async () => {
    const { boot, created, node } = firstRun();
    const effects = recordingEffects();
    const ui = await renderAt(<App boot={boot} preferences={memoryPreferences()} effects={effects} />);
    expect(ui.frame()).toContain('Your name:');

    await ui.type(KEYS.enter);
    expect(ui.frame()).toContain('Type a name');
    await ui.type('Alice', KEYS.enter);
    expect(ui.frame()).toContain('Passphrase:');

    await ui.type('short', KEYS.enter);
    expect(ui.frame()).toContain('at least 8 characters');
    await ui.type(KEYS.backspace.repeat(5), 'correct horse battery staple');
    expect(ui.frame()).toMatch(/Strength: fair/);
    expect(ui.frame()).not.toContain('at least 8');
    expect(ui.frame()).not.toContain('correct horse');
    expect(ui.frame()).toContain('•'.repeat(28));
    await ui.type(KEYS.enter, 'correct horse battery stapler', KEYS.enter);
    expect(ui.frame()).toContain("The passphrases don't match");
    expect(created).toEqual([]);

    await ui.type('correct horse battery staple', KEYS.enter, 'correct horse battery staple', KEYS.enter);
    expect(created).toEqual([['Alice', 'correct horse battery staple']]);

    // Then the new address, prominently, with a QR code and a key to copy it.
    const card = await waitForFrame(ui, (frame) => frame.includes(`${node.ownOnion}.onion`));
    expect(card).toContain('Your Burrow address');
    expect(card).toMatch(/[▀▄█]{7}/);
    await ui.type('c');
    expect(effects.copies).toEqual([`${node.ownOnion}.onion`]);
    expect(ui.frame()).toContain('Copied');
    await ui.type(KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Welcome to Burrow.') && frame.includes('45%'));
  });

  it('follows a whole script of keys delivered in one read, field by field (tmux send-keys)', async () => {
    const { boot, created, node } = firstRun();
    const ui = await renderAt(<App boot={boot} preferences={memoryPreferences()} effects={recordingEffects()} />);
    await ui.type('Alice\rcorrect horse battery\rcorrect horse battery\r');
    await waitForFrame(ui, (frame) => frame.includes(`${node.ownOnion}.onion`));
    expect(created).toEqual([['Alice', 'correct horse battery']]);
  });

  it('shows why creating the profile failed and lets the user try again', async () => {
    const node = new FakeNode();
    let attempts = 0;
    const boot = bootWith(node, {
      profileExists: false,
      createProfile: () => {
        attempts++;
        if (attempts === 1)
          return Promise.reject(Object.assign(new Error('disk full\u001b]0;x\u0007'), { name: 'StoreError' }));
        return Promise.resolve(node);
      },
    });
    const ui = await renderAt(<App boot={boot} preferences={memoryPreferences()} effects={recordingEffects()} />);
    await ui.type('Bob', KEYS.enter, 'a long passphrase', KEYS.enter, 'a long passphrase', KEYS.enter);
    const frame = await waitForFrame(ui, (text) => text.includes('Could not create the profile: disk full'));
    expect(frame).not.toContain('\u001b]0;');
    await ui.type('a long passphrase', KEYS.enter);
    await waitForFrame(ui, (text) => text.includes('Your Burrow address'));
    expect(attempts).toBe(2);
  });

  it('quits cleanly with Ctrl+C before any profile exists', async () => {
    const { boot } = firstRun();
    const ui = await renderAt(<App boot={boot} preferences={memoryPreferences()} effects={recordingEffects()} />);
    await ui.type('Al', KEYS.ctrlC);
    await waitForFrame(ui, () => boot.exits === 1);
    await ui.type(KEYS.ctrlC);
    expect(boot.exits).toBe(1);
  });
});

describe('unlock', () => {
  it('says a wrong passphrase is wrong and lets the user retry', async () => {
    const node = new FakeNode();
    const tried: string[] = [];
    const boot = bootWith(node, {
      unlock: (passphrase: string) => {
        tried.push(passphrase);
        if (passphrase !== 'right one')
          return Promise.reject(Object.assign(new Error('bad key'), { name: 'WrongPassphraseError' }));
        return Promise.resolve(node);
      },
    });
    const ui = await renderAt(<App boot={boot} preferences={memoryPreferences()} effects={recordingEffects()} />);
    expect(ui.frame()).toContain('Passphrase:');
    await ui.type('wrong one', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Wrong passphrase. Try again.'));
    expect(ui.frame()).not.toContain('•');
    await ui.type('right one', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('45%'));
    expect(tried).toEqual(['wrong one', 'right one']);
  });

  it('shows other failures as they are', async () => {
    const node = new FakeNode();
    const boot = bootWith(node, {
      unlock: () => Promise.reject(Object.assign(new Error('tor is not installed'), { name: 'TorMissingError' })),
    });
    const ui = await renderAt(<App boot={boot} preferences={memoryPreferences()} effects={recordingEffects()} />);
    await ui.type('whatever', KEYS.enter);
    await waitForFrame(ui, (frame) => frame.includes('Could not unlock the profile: tor is not installed'));
  });
});

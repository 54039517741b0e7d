import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runTui } from '../../../src/tui/index.js';
import {
  ENTER_ALTERNATE_SCREEN,
  LEAVE_ALTERNATE_SCREEN,
  POP_TITLE,
  PUSH_TITLE,
} from '../../../src/tui/terminal-sequences.js';
import { contact, FakeNode } from '../../shared/fake-node/index.js';
import { errorNamed } from '../../shared/errors.js';
import { bootWith, memoryPreferences, settle } from './harness.js';

/** A terminal's input side: raw mode, and `type` to press keys. */
class FakeStdin extends EventEmitter {
  isTTY = true;
  isRaw = false;
  #chunks: string[] = [];
  setRawMode(value: boolean): this {
    this.isRaw = value;
    return this;
  }
  setEncoding(): this {
    return this;
  }
  read(): string | null {
    return this.#chunks.shift() ?? null;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
  async type(...chunks: string[]): Promise<void> {
    for (const chunk of chunks) {
      this.#chunks.push(chunk);
      this.emit('readable');
      await settle();
    }
  }
}

/** A terminal's output side that keeps everything written. */
class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 80;
  rows = 24;
  written = '';
  write(data: string): boolean {
    this.written += data;
    return true;
  }
}

function terminal() {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout();
  return {
    stdin,
    stdout,
    streams: { stdin: stdin as unknown as NodeJS.ReadStream, stdout: stdout as unknown as NodeJS.WriteStream },
  };
}

async function until(check: () => boolean): Promise<void> {
  for (let round = 0; round < 200 && !check(); round++) await settle();
  expect(check()).toBe(true);
}

describe('runTui', () => {
  it('runs until /quit, calls onExit once, and restores the terminal', async () => {
    const node = new FakeNode([contact(1, { nickname: 'alice' })]);
    const boot = bootWith(node);
    const { stdin, stdout, streams } = terminal();
    let done = false;
    const running = runTui({ boot, preferences: memoryPreferences(), ...streams }).then(() => {
      done = true;
    });
    // Ink draws nothing until exit when CI is set, so progress is watched on the node's side.
    await until(() => stdin.isRaw);
    expect(stdout.written.startsWith(ENTER_ALTERNATE_SCREEN + PUSH_TITLE)).toBe(true);
    await stdin.type('secret', '\r');
    await until(() => node.listeners.size > 0 && node.callsOf('history').length > 0);
    await stdin.type('/quit', '\r');
    await running;
    expect(done).toBe(true);
    expect(boot.exits).toBe(1);
    expect(stdin.isRaw).toBe(false);
    expect(stdout.written).toContain(POP_TITLE + LEAVE_ALTERNATE_SCREEN);
  });

  it('exits cleanly on SIGHUP (terminal closed) and SIGTERM, leaving no handler behind', async () => {
    const listeners = (): number[] =>
      (['SIGHUP', 'SIGTERM', 'SIGINT'] as const).map((signal) => process.listenerCount(signal));
    let after: number[] = [];
    // Ink's dependencies register process-wide exit hooks once, on first use: compare run to run.
    for (const signal of ['SIGHUP', 'SIGTERM'] as const) {
      const boot = bootWith(new FakeNode());
      const { stdin, streams } = terminal();
      const running = runTui({ boot, preferences: memoryPreferences(), ...streams });
      await until(() => stdin.isRaw);
      process.emit(signal, signal);
      await running;
      expect(boot.exits).toBe(1);
      if (signal === 'SIGTERM') expect(listeners()).toEqual(after);
      after = listeners();
    }
  });

  it('still stops the node when the UI fails, and rejects', async () => {
    const boot = bootWith(new FakeNode(), {
      onExit: () => {
        boot.exits++;
        return Promise.reject(new Error('tor would not stop'));
      },
    });
    const { stdin, streams } = terminal();
    const running = runTui({ boot, preferences: memoryPreferences(), ...streams });
    const failed = expect(running).rejects.toThrow('tor would not stop');
    await until(() => stdin.isRaw);
    await stdin.type('\u0003');
    await failed;
    expect(boot.exits).toBe(1);
  });

  it('refuses to start without a terminal', async () => {
    const boot = bootWith(new FakeNode());
    const { stdin, streams } = terminal();
    stdin.isTTY = false;
    await expect(runTui({ boot, preferences: memoryPreferences(), ...streams })).rejects.toThrow(
      errorNamed('TerminalRequiredError'),
    );
    expect(boot.exits).toBe(0);
  });
});

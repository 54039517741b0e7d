/**
 * Interactive prompts for the CLI: a visible line and a hidden one for passphrases (no echo,
 * so the passphrase never lands in the terminal's scrollback).
 */
import { createInterface } from 'node:readline';
import { UsageError } from './usage-error.js';

/** Asks one visible question on stderr; resolves with the answer (without the newline). */
export async function promptLine(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.question(question, resolve);
      rl.once('close', () => reject(new UsageError('input ended before an answer was given')));
    });
  } finally {
    rl.close();
  }
}

/** Asks for a secret without echoing it. Needs a terminal; Ctrl-C aborts. */
export function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    return Promise.reject(
      new UsageError('no terminal to ask for the passphrase: set BURROW_PASSPHRASE or pass --passphrase-file FILE'),
    );
  }
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let answer = '';
    const finish = (error?: Error): void => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error === undefined) resolve(answer);
      else reject(error);
    };
    const onData = (chunk: Buffer): void => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003' || char === '\u0004') return finish(new UsageError('cancelled'));
        if (char === '\u007f' || char === '\b') answer = [...answer].slice(0, -1).join('');
        else if (char >= ' ') answer += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

/** Asks for a new passphrase twice until both match. */
export async function promptNewPassphrase(): Promise<string> {
  for (;;) {
    const first = await promptHidden('New passphrase: ');
    const second = await promptHidden('Repeat it: ');
    if (first === second) return first;
    process.stderr.write('The two passphrases differ; try again.\n');
  }
}

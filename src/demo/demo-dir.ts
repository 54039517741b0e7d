/**
 * The demo's directory: everything `burrow demo` writes lives in it, so removing it leaves
 * nothing behind. A fresh temporary directory by default; a directory the user names must be
 * new or empty (the demo removes it at exit unless asked to keep it).
 */
import { mkdtemp, mkdir, readdir, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BurrowFailure } from '../errors.js';

/** Where the parts of a demo live inside its directory. */
export interface DemoPaths {
  readonly dir: string;
  /** The private Tor network (`burrow testnet`'s directory: testnet.json, keys, logs). */
  readonly network: string;
  /** The user's demo profile (with its tor's data directory). */
  readonly you: string;
  /** The scripted friends' profiles. */
  readonly ada: string;
  readonly grace: string;
  readonly linus: string;
  /** Where the user's accepted files go (inside the demo, so they go with it). */
  readonly downloads: string;
  /** The data directory of the one tor both scripted friends share. */
  readonly friendsTor: string;
  /** Every log line of the demo (the UI owns the screen). */
  readonly log: string;
}

/** The layout inside demo directory `dir`. */
export function demoPaths(dir: string): DemoPaths {
  return {
    dir,
    network: join(dir, 'network'),
    you: join(dir, 'you'),
    ada: join(dir, 'ada'),
    grace: join(dir, 'grace'),
    linus: join(dir, 'linus'),
    downloads: join(dir, 'downloads'),
    friendsTor: join(dir, 'friends-tor'),
    log: join(dir, 'demo.log'),
  };
}

/** 'DemoDirError': the directory `dir` named for a demo cannot be used; `detail` says why. */
export function demoDirUnusable(dir: string, detail: string): BurrowFailure {
  return new BurrowFailure(
    'DemoDirError',
    `cannot run the demo in ${dir}: ${detail}. Name a new or empty directory, or leave out --dir for a temporary one.`,
    {
      action: 'tell-user',
    },
  );
}

/**
 * Makes the demo's directory (mode 0700) and returns its canonical path: `requested` if given
 * (it must not exist yet, or be empty), else a new one under the system's temp directory.
 * Throws 'DemoDirError' ({@link demoDirUnusable}).
 */
export async function makeDemoDir(requested?: string): Promise<string> {
  if (requested === undefined) return realpath(await mkdtemp(join(tmpdir(), 'burrow-demo-')));
  const dir = resolve(requested);
  await mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    throw demoDirUnusable(
      dir,
      error.code === 'EEXIST' || error.code === 'ENOTDIR'
        ? 'it is not a directory'
        : `it cannot be created (${error.code ?? error.message})`,
    );
  });
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    throw demoDirUnusable(dir, `it cannot be read (${error.code ?? error.message})`);
  });
  if (entries.length > 0) throw demoDirUnusable(dir, 'it is not empty');
  return realpath(dir);
}

/** Removes the demo's directory and everything in it. */
export async function removeDemoDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * Three `burrow daemon`s — Ada, Bob and Cy, friends pairwise, so each can carry sealed messages
 * for the other two — on the suite's private Tor network, driven through `burrow ctl` only. A
 * test file makes its own trio (its own profiles and tors) in `beforeAll` and kills it in `afterAll`.
 * {@link daemonCast} makes any number of daemons with the friendships a test names.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ContactView } from '../../../src/node/api.js';
import { ctlJson, runBurrow, startDaemon, type RunningDaemon } from '../../shared/burrow-cli.js';
import { until } from '../../shared/until.js';

/** Limit of one step over Tor (a daemon restart, a catch-up through a relay). */
export const STEP_MS = 240_000;

/** Waits for `condition` (a ctl call that fails counts as not yet). */
export const wait = (condition: () => Promise<boolean>, what: string): Promise<void> =>
  until(() => condition().catch(() => false), what, STEP_MS, 500);

/** One of the three. */
export interface Who {
  readonly name: string;
  readonly profile: string;
  readonly env: NodeJS.ProcessEnv;
  onion: string;
  daemon?: RunningDaemon | undefined;
}

/** The daemons and what a test does with them. */
export interface DaemonCast<People extends readonly Who[] = readonly Who[]> {
  readonly people: People;
  /** `burrow ctl <args> --json` as `who`, parsed. */
  ctl(who: Who, ...args: string[]): Promise<unknown>;
  start(who: Who): Promise<void>;
  /** Stops `who`'s daemon and expects it to exit 0. */
  stop(who: Who): Promise<void>;
  /** Waits until `who` sees `peer` online. */
  online(who: Who, peer: Who): Promise<void>;
  /** Makes `a` and `b` friends (both running). */
  befriend(a: Who, b: Who): Promise<void>;
  /** Creates the profiles, starts the daemons and makes the friendships. */
  setUp(): Promise<void>;
  /** Kills every daemon and removes the profiles. */
  tearDown(): Promise<void>;
}

/** The three of {@link daemonTrio}. */
export type DaemonTrio = DaemonCast<readonly [Who, Who, Who]>;

/** A trio whose profiles live under a fresh temporary directory named after `label`. */
export function daemonTrio(label: string, testnetDir: string): DaemonTrio {
  const cast = daemonCast(
    label,
    testnetDir,
    ['ada', 'bob', 'cy'],
    [
      [0, 1],
      [0, 2],
      [1, 2],
    ],
  );
  return cast as DaemonTrio;
}

/**
 * Daemons named `names` whose profiles live under a fresh temporary directory named after
 * `label`; `friendships` pairs them by index, made in order by `setUp`.
 */
export function daemonCast(
  label: string,
  testnetDir: string,
  names: readonly string[],
  friendships: readonly (readonly [number, number])[],
): DaemonCast {
  const root = mkdtempSync(join(tmpdir(), `burrow-${label}-`));
  const who = (name: string): Who => ({
    name,
    profile: join(root, name),
    env: { BURROW_PASSPHRASE: `${name} passphrase for ${label}` },
    onion: '',
  });
  const people = names.map(who);
  const ctl = (who: Who, ...args: string[]): Promise<unknown> => ctlJson(who.profile, args);
  const start = async (who: Who): Promise<void> => {
    who.daemon = await startDaemon(who.profile, who.env, { torFlags: ['--testnet', testnetDir] });
  };
  const online = (who: Who, peer: Who): Promise<void> =>
    wait(
      async () => ((await ctl(who, 'contacts')) as ContactView[]).some((c) => c.onion === peer.onion && c.online),
      `${who.name} online with ${peer.name}`,
    );
  const befriend = async (a: Who, b: Who): Promise<void> => {
    await ctl(a, 'add', b.onion, 'hi');
    await wait(
      async () => ((await ctl(b, 'requests')) as ContactView[]).some((c) => c.onion === a.onion),
      `${b.name} gets the request`,
    );
    await ctl(b, 'accept', a.onion);
    await online(a, b);
  };
  return {
    people,
    ctl,
    start,
    stop: async (who) => {
      const daemon = who.daemon;
      who.daemon = undefined;
      expect(await daemon?.stop()).toBe(0);
    },
    online,
    befriend,
    setUp: async () => {
      for (const person of people) {
        const created = await runBurrow(
          ['init', '--json', '--profile', person.profile, '--name', person.name],
          person.env,
        );
        expect(created.code, created.stderr).toBe(0);
        person.onion = (JSON.parse(created.stdout) as { onion: string }).onion;
      }
      await Promise.all(people.map(start));
      for (const [a, b] of friendships) await befriend(people[a]!, people[b]!);
    },
    tearDown: async () => {
      for (const person of people) await person.daemon?.kill();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

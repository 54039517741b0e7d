/**
 * Reading a tor's view of the network from control-port answers (pure text parsing).
 */

/** One relay as a consensus lists it. */
export interface RouterStatus {
  readonly nickname: string;
  /** Relay identity fingerprint, 40 upper-case hex digits. */
  readonly fingerprint: string;
  /** Consensus flags (dir-spec §3.4.1 "s" line): Fast, Guard, HSDir, Running, Stable, V2Dir, Valid, …. */
  readonly flags: ReadonlySet<string>;
}

/**
 * Parses the answer to `GETINFO ns/all` (control-spec §3.9; entries in dir-spec §3.4.1 router
 * status format): an `r` line starts each relay (`r <nickname> <base64 identity> …`), its
 * `s` line lists the flags. Lines of other kinds are skipped.
 */
export function parseRouterStatuses(text: string): RouterStatus[] {
  const routers: { nickname: string; fingerprint: string; flags: Set<string> }[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[0] === 'r') {
      const [, nickname, identity] = fields;
      if (nickname === undefined || identity === undefined) continue;
      routers.push({
        nickname,
        fingerprint: Buffer.from(identity, 'base64').toString('hex').toUpperCase(),
        flags: new Set(),
      });
    } else if (fields[0] === 's') {
      const current = routers.at(-1);
      for (const flag of fields.slice(1)) current?.flags.add(flag);
    }
  }
  return routers;
}

/** How many microdescriptors a `GETINFO md/all` answer holds: each has exactly one `ntor-onion-key` line (dir-spec §3.3). */
export function countMicrodescriptors(text: string): number {
  return text.split('\n').filter((line) => line.startsWith('ntor-onion-key ')).length;
}

/** True when `routers` lists every fingerprint in `expected` (and maybe others). */
export function listsEvery(routers: readonly RouterStatus[], expected: readonly string[], flag?: string): boolean {
  const present = new Set(
    routers.filter((router) => flag === undefined || router.flags.has(flag)).map((router) => router.fingerprint),
  );
  return expected.every((fingerprint) => present.has(fingerprint));
}

/**
 * `npm run bench -- hostile`: what hostile peers cost an honest node, each part against its
 * honest baseline measured in the same run (parts in bench/hostile/, one file each):
 *
 * (a) a forged group op ÷ an honest insert, on a group of 1,001 ops (goal ≤ 0.05);
 * (b) honest contact requests while strangers knock at ~100 sessions a second (goal 100 % listed),
 *     and a friend's chat latency during the flood ÷ idle (goal ≤ 2);
 * (c) group start-up with 10,000 ops ÷ with 100 (goal ≤ 3).
 *
 * Each part is an `async () => figures` in {@link PARTS}; the results hold one entry per part.
 * `--parts=forgedOp,groupStartup` runs only the parts named (all by default).
 */
import type { Benchmark } from './benchmark.js';
import { forgedOp } from './hostile/forged-op.js';
import { groupStartup } from './hostile/group-startup.js';
import { knockFlood } from './hostile/knock-flood.js';

/** The parts, by the name their figures go under. */
const PARTS: Record<string, () => Promise<Record<string, unknown>>> = {
  forgedOp,
  knockFlood,
  groupStartup,
};

const benchmark: Benchmark = {
  description:
    'hostile peers: forged group op vs honest insert on a 1,001-op group; contact requests and chat during a stranger flood; group start-up with 10,000 ops vs 100',
  async run() {
    const results: Record<string, unknown> = {};
    const chosen = process.argv
      .find((arg) => arg.startsWith('--parts='))
      ?.slice('--parts='.length)
      .split(',');
    for (const [name, part] of Object.entries(PARTS))
      if (chosen === undefined || chosen.includes(name)) results[name] = await part();
    return results;
  },
};

export default benchmark;

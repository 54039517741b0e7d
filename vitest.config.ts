// Three projects, run one after the other: `unit` (pure code, the in-memory transport: seconds),
// `tor` (real tor processes on one private Tor network that the global setup starts once per run
// and shares) and `package` (packs and installs Burrow: it builds, so it runs alone at the end).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/unit/**/*.test.tsx'],
          testTimeout: 20_000,
          // The fast project runs first, then the Tor one with its own worker limit.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          // `npm pack` of a clean copy and a global install of the tarball (minutes: it builds).
          name: 'package',
          include: ['test/package/**/*.test.ts'],
          testTimeout: 900_000,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          name: 'tor',
          include: ['test/tor/**/*.test.ts', 'test/tor/**/*.test.tsx'],
          globalSetup: ['test/tor/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // The Tor files mostly wait on the network (a run used about 0.8 of the 2 cores with two
          // files at a time): three at a time keeps the whole project near 8 minutes.
          maxWorkers: 3,
          fileParallelism: true,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});

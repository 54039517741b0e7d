/**
 * Helpers for the file sharing feature tests: nodes on a MemoryNetwork (test/shared/node-harness.ts)
 * with a download folder of their own, files of known bytes, and waiting for a transfer state.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChunkReader } from '../../../src/files/disk/chunk-reader.js';
import type { OpenChunkSource } from '../../../src/files/chunk-sources.js';
import type { TransferView } from '../../../src/files/feature/api.js';
import type { FilesFeatureOptions } from '../../../src/files/feature/files-feature.js';
import type { MemoryNetwork } from '../../../src/transport/memory/index.js';
import type { BurrowNodeOptions } from '../../shared/burrow-node.js';
import { patternBytes } from '../../shared/bytes.js';
import { TestNode } from '../../shared/node-harness.js';
import { tempDir } from '../../shared/temp-dirs.js';
import { until } from '../../shared/until.js';

/** Accept nothing automatically, refuse nothing below 1 GiB (the defaults without a preferences file). */
export const ASK_ALWAYS = { autoAcceptBelowBytes: 0, maxSizeBytes: 1024 * 1024 * 1024 };

/** A node whose downloads go to its own folder (`downloads`), with the options given. */
export interface FilesNode extends TestNode {
  readonly downloads: string;
}

/** Starts a node named `name` with its own download folder. */
export async function filesNode(
  network: MemoryNetwork,
  name: string,
  files: FilesFeatureOptions = {},
  options: Partial<BurrowNodeOptions> = {},
): Promise<FilesNode> {
  const downloads = join(tempDir(), `${name}-downloads`);
  mkdirSync(downloads);
  const node = await TestNode.create(network, name, {
    ...options,
    files: { downloadFolder: downloads, preferences: () => ASK_ALWAYS, tickMs: 50, ...files },
  });
  return Object.assign(node, { downloads });
}

/** Writes a file of `length` known bytes (seeded) in a fresh folder; returns its path and bytes. */
export function sourceFile(length: number, name = 'data.bin', seed = 7): { path: string; bytes: Uint8Array } {
  const folder = join(tempDir(), `source-${seed}-${length}`);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, name);
  const bytes = patternBytes(length, seed);
  writeFileSync(path, bytes);
  return { path, bytes };
}

/** The transfer of file `id` in `direction` as `node` lists it, if any. */
export async function transferOf(
  node: TestNode,
  id: string,
  direction: 'in' | 'out',
): Promise<TransferView | undefined> {
  return (await node.node.files.list()).find((view) => view.id === id && view.direction === direction);
}

/** Waits until `node` lists file `id` (incoming) in `state`. */
export async function untilIncoming(
  node: TestNode,
  id: string,
  state: TransferView['state'],
  timeoutMs = 20_000,
): Promise<TransferView> {
  let last: TransferView | undefined;
  await until(
    async () => {
      last = await transferOf(node, id, 'in');
      return last?.state === state;
    },
    `incoming ${id.slice(0, 8)} becomes ${state} (is ${last?.state ?? 'absent'})`,
    timeoutMs,
  );
  return last!;
}

/** The bytes of a finished download. */
export function downloaded(view: TransferView): Uint8Array {
  if (view.path === undefined) throw new Error('the transfer has no path');
  return new Uint8Array(readFileSync(view.path));
}

/**
 * A chunk source for a sending node that serves only while its gate is open: reads beyond
 * `budget` wait until {@link ChunkGate.open} (a sender that stops mid-transfer), and every
 * read is counted per chunk index. `corrupt` flips a byte of the chunks it names (a lying peer).
 */
export class ChunkGate {
  readonly reads = new Map<number, number>();
  #budget: number;
  #waiting: (() => void)[] = [];

  constructor(
    budget = Infinity,
    readonly corrupt: (index: number) => boolean = () => false,
  ) {
    this.#budget = budget;
  }

  /** Lets every waiting and future read through. */
  open(): void {
    this.#budget = Infinity;
    for (const release of this.#waiting.splice(0)) release();
  }

  /** Reads made of chunk `index`. */
  readsOf(index: number): number {
    return this.reads.get(index) ?? 0;
  }

  /** The FilesFeatureOptions.io.openChunkSource to give the sending node. */
  readonly openChunkSource: OpenChunkSource = async (path, manifest) => {
    const reader = await ChunkReader.open(path, manifest);
    return {
      read: async (index) => {
        if (this.#budget <= 0) await new Promise<void>((resolve) => this.#waiting.push(resolve));
        this.#budget -= 1;
        this.reads.set(index, this.readsOf(index) + 1);
        const bytes = await reader.read(index);
        if (this.corrupt(index)) bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
        return bytes;
      },
      close: () => reader.close(),
    };
  };
}

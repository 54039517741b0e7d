/**
 * A node keeps a checkpoint of each group's membership log and loads the group from it after a
 * restart; a stored checkpoint that does not decode is ignored with a warning (a full replay),
 * and the group comes back the same either way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKPOINT_STRIDE } from '../../../src/groups/feature/checkpoints.js';
import { fromHexId } from '../../../src/groups/ids.js';
import { decodeStateCheckpoint, encodeStateCheckpoint } from '../../../src/groups/state-checkpoint.js';
import { MemoryNetwork } from '../../../src/transport/memory/index.js';
import { captureLogs, tearDownNodes, TestNode } from '../../shared/node-harness.js';
import { groupOf } from './helpers.js';

afterEach(tearDownNodes);

describe('group checkpoints across restarts', () => {
  it('stores one as the log grows, loads from it, and ignores a corrupt one with a warning', async () => {
    const ada = await TestNode.create(new MemoryNetwork(), 'ada');
    const { id: groupId } = await ada.node.groups.create('g');
    for (let i = 0; i < CHECKPOINT_STRIDE; i++) await ada.node.groups.rename(groupId, `name ${i}`);
    const stored = ada.store.groups.checkpoint(fromHexId(groupId));
    expect(stored?.cutDepth).toBe(CHECKPOINT_STRIDE);
    const before = await groupOf(ada, groupId);

    const quiet = await captureLogs(async (lines) => {
      await ada.restart();
      return lines.filter((line) => line.includes('checkpoint'));
    }, 'warn');
    expect(quiet).toEqual([]);
    expect(await groupOf(ada, groupId)).toEqual(before);

    // The checkpoint is what the restart used: a state only it holds shows up.
    const marked = decodeStateCheckpoint(stored!.state);
    const markedState = { ...marked.state, name: 'from the checkpoint' };
    const markedBytes = encodeStateCheckpoint({ ...marked, state: markedState });
    ada.store.groups.putCheckpoint(fromHexId(groupId), CHECKPOINT_STRIDE, markedBytes);
    await ada.restart();
    expect((await groupOf(ada, groupId))?.name).toBe('from the checkpoint');

    ada.store.groups.putCheckpoint(fromHexId(groupId), CHECKPOINT_STRIDE, Uint8Array.of(0x7b));
    const warned = await captureLogs(async (lines) => {
      await ada.restart();
      return lines.filter((line) => line.includes('checkpoint was ignored'));
    }, 'warn');
    expect(warned).toHaveLength(1);
    expect(await groupOf(ada, groupId)).toEqual(before);
  }, 60_000);
});

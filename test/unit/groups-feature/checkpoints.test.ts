/**
 * Membership-log checkpoints at rest (migration 9): stored and replaced per group, gone with the
 * group, rewritten only once the cut moved a stride deeper, and rewritten after one was ignored.
 */
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CHECKPOINT_STRIDE, CheckpointKeeper } from '../../../src/groups/feature/checkpoints.js';
import { GroupReplica } from '../../../src/groups/group-replica.js';
import { fromHexId } from '../../../src/groups/ids.js';
import { decodeStateCheckpoint } from '../../../src/groups/state-checkpoint.js';
import { openProfile } from '../../../src/store/profile.js';
import { newProfile, TEST_PASSPHRASE } from '../../shared/profiles.js';
import { removeTempDirs } from '../../shared/temp-dirs.js';
import { memberCached, seededRandom } from '../groups/helpers.js';

afterEach(removeTempDirs);

describe('group checkpoints in the store', () => {
  it('are stored, replaced, kept across reopening and deleted with their group', async () => {
    const { dir, store } = await newProfile();
    const group = new Uint8Array(randomBytes(32));
    expect(store.groups.checkpoint(group)).toBeUndefined();
    store.groups.insertGroup(group, 1);
    store.groups.putCheckpoint(group, 3, Uint8Array.of(1));
    store.groups.putCheckpoint(group, 300, Uint8Array.of(2));
    expect(() => store.groups.putCheckpoint(group, -1, Uint8Array.of(2))).toThrow(TypeError);
    store.close();
    const reopened = await openProfile(dir, TEST_PASSPHRASE);
    try {
      expect(reopened.groups.checkpoint(group)).toEqual({ cutDepth: 300, throughSeq: 0, state: Uint8Array.of(2) });
      reopened.groups.deleteGroup(group);
      expect(reopened.groups.checkpoint(group)).toBeUndefined();
    } finally {
      reopened.close();
    }
  });

  it('are rewritten once the cut is a stride deeper, and after one was ignored', async () => {
    const { store } = await newProfile();
    try {
      const group = GroupReplica.create(
        { identity: memberCached(71), random: seededRandom('ckpt') },
        { name: 'g', displayName: 'ada', now: 1 },
      );
      store.groups.insertGroup(fromHexId(group.groupId), 1);
      const keeper = new CheckpointKeeper(() => store.groups);
      const stored = () => store.groups.checkpoint(fromHexId(group.groupId));
      for (let i = 1; i < CHECKPOINT_STRIDE; i++) {
        group.rename(`n${i}`, 1 + i);
        keeper.afterOps(group.groupId, group.log);
      }
      expect(stored()).toBeUndefined();
      group.rename('stride', 1_000);
      keeper.afterOps(group.groupId, group.log);
      expect(stored()?.cutDepth).toBe(CHECKPOINT_STRIDE);
      expect(decodeStateCheckpoint(stored()!.state).state.name).toBe('stride');
      group.rename('one more', 1_001);
      keeper.afterOps(group.groupId, group.log);
      expect(stored()?.cutDepth).toBe(CHECKPOINT_STRIDE);

      // After a restart whose checkpoint was ignored, the next op rewrites it.
      const restarted = new CheckpointKeeper(() => store.groups);
      const warnings: string[] = [];
      restarted.load(group.groupId, (reason) => warnings.push(reason)).stored!.onIgnored('it does not fit');
      expect(warnings).toEqual(['it does not fit']);
      group.rename('after restart', 1_002);
      restarted.afterOps(group.groupId, group.log);
      expect(stored()?.cutDepth).toBe(CHECKPOINT_STRIDE + 2);
    } finally {
      store.close();
    }
  });
});

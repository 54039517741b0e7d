/**
 * What group events mean for the user's attention: an invitation or a declined invitation
 * becomes a notice, and a message from someone else in a group that is not open rings the
 * bell (when /set bell is on), as 1:1 messages do (use-attention.ts).
 */
import { useEffect, useRef } from 'react';
import type { NodeApi } from '../../node/api.js';
import type { TerminalEffects } from '../terminal-sequences.js';

/** A catch-up brings many messages at once: the bell rings for the first, then not again for this long. */
export const GROUP_BELL_INTERVAL_MS = 2_000;

/** What useGroupAttention watches and uses. */
export interface GroupAttentionOptions {
  readonly api: NodeApi;
  /** The group on screen, if any. */
  readonly openGroupId: string | undefined;
  readonly effects: TerminalEffects;
  readonly bell: boolean;
  /** Shows a line in the notice row. */
  readonly onNotice: (text: string) => void;
}

/** Notices and the bell for group events (see the file comment). */
export function useGroupAttention({ api, openGroupId, effects, bell, onNotice }: GroupAttentionOptions): void {
  const latest = useRef({ openGroupId, effects, bell, onNotice });
  latest.current = { openGroupId, effects, bell, onNotice };
  useEffect(() => {
    let rangAt = Number.NEGATIVE_INFINITY;
    const ring = (): void => {
      if (!latest.current.bell || Date.now() - rangAt < GROUP_BELL_INTERVAL_MS) return;
      rangAt = Date.now();
      latest.current.effects.bell();
    };
    return api.subscribe((event) => {
        const now = latest.current;
        if (event.type === 'group-invite') {
          const from = event.invite.inviterName ?? event.invite.inviter.slice(0, 8);
          now.onNotice(`${from} invites you to the group "${event.invite.groupName}": /group accept or /group decline.`);
          ring();
        } else if (event.type === 'group-entry' && event.entry.type === 'message' && !event.entry.sender.isSelf && event.entry.groupId !== now.openGroupId) {
          ring();
        }
      });
  }, [api]);
}

/**
 * Files: the user's offers are accepted, and once a file is complete (every chunk checked
 * against the manifest's root hash, which is its id) the friend says what arrived, in the
 * conversation it was offered in. A persona with a gift offers it to the user after greeting.
 */
import type { TransferView } from '../../files/feature/api.js';
import { formatBytes } from '../../text/transfer-format.js';
import { userCameOnline, type Reaction, type ScriptContext } from '../script-context.js';

/** Hex characters of the file's hash quoted back. */
export const QUOTED_HASH_CHARS = 16;

/** A fresh files reaction (it remembers the transfers it accepted and reported, and whether it gave its gift). */
export function filesReaction(): Reaction {
  const accepted = new Set<string>();
  const reported = new Set<string>();
  let gave = false;
  return (event, context) => {
    const { api, user, persona, timing } = context;
    if (userCameOnline(event, context) && !gave && context.giftPath !== undefined && persona.gift !== undefined) {
      gave = true;
      const { giftPath } = context;
      const announce = persona.gift.announce;
      // After the greeting, so the user reads who it is from first.
      context.after(timing.greetAfterMs + timing.answerAfterMs, async () => {
        await api.files.send(user, giftPath);
        await api.sendMessage(user, announce);
      });
      return;
    }
    if (event.type !== 'transfer') return;
    const transfer = event.transfer;
    if (transfer.direction !== 'in' || !(transfer.offeredBy ?? [transfer.from]).includes(user)) return;
    if (transfer.state === 'offered' && !accepted.has(transfer.id)) {
      accepted.add(transfer.id);
      const { downloads } = context;
      context.after(timing.readAfterMs, async () => void (await api.files.accept(transfer.id, downloads)));
    } else if (transfer.state === 'complete' && !reported.has(transfer.id) && persona.fileReceived !== undefined) {
      reported.add(transfer.id);
      const text = persona.fileReceived(
        transfer.name,
        formatBytes(transfer.size),
        transfer.id.slice(0, QUOTED_HASH_CHARS),
      );
      context.after(timing.answerAfterMs, () => say(context, transfer, text));
    }
  };
}

/** Says `text` where `transfer` was offered: its group, else the 1:1 conversation. */
async function say(context: ScriptContext, transfer: TransferView, text: string): Promise<void> {
  if (transfer.group !== undefined) await context.api.groups.send(transfer.group, text);
  else await context.api.sendMessage(context.user, text);
}

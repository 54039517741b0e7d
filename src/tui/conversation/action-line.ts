/**
 * Action lines, as IRC clients have them: `/me waves` is sent as an ordinary message whose text
 * starts with "/me " (docs/PROTOCOL.md "Action lines": no wire flag, so a peer without the
 * convention shows the text as typed) and drawn as `* alice waves`.
 */

/** What an action message's text starts with. */
export const ACTION_PREFIX = '/me ';

/** The text of an action message for `action` (what follows "/me "). */
export function actionMessage(action: string): string {
  return ACTION_PREFIX + action;
}

/**
 * What the author does, when `text` is an action message; undefined for any other message.
 * @example actionOf('/me waves') === 'waves'
 * @example actionOf('/me') === undefined
 */
export function actionOf(text: string): string | undefined {
  if (!text.startsWith(ACTION_PREFIX)) return undefined;
  const action = text.slice(ACTION_PREFIX.length).replace(/^\s+/, '');
  return action.trim() === '' ? undefined : action;
}

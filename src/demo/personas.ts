/**
 * What the demo's scripted friends say (`burrow demo`). Pure data and text: the behaviour that
 * sends it lives in scripted-friend.ts. The tips name real keys and commands of the UI
 * (src/tui/key-bindings.ts, src/tui/commands.ts), so the demo doubles as a tour.
 */

/** A scripted friend's character: their name and lines. */
export interface Persona {
  /** The display name their profile announces. */
  readonly name: string;
  /** Sent once, the first time the user is online as their friend. */
  readonly greeting: string;
  /** What they answer to the user's message number `index` (0-based) that said `text`. */
  reply(text: string, index: number): string;
}

/** The longest part of the user's message a reply quotes back, in characters. */
export const MAX_QUOTE_CHARS = 40;

/**
 * The start of `text` for quoting back: its first line, at most {@link MAX_QUOTE_CHARS}
 * characters (whole code points), with "…" when cut.
 *
 * @example quote('hello\nworld') // 'hello…'
 */
export function quote(text: string): string {
  const firstLine = text.trim().split('\n', 1)[0] ?? '';
  const characters = [...firstLine];
  const cut = characters.length > MAX_QUOTE_CHARS || firstLine.length < text.trim().length;
  return characters.slice(0, MAX_QUOTE_CHARS).join('').trimEnd() + (cut ? '…' : '');
}

const ADA_TIPS: readonly ((quoted: string) => string)[] = [
  (q) =>
    `Got it: “${q}”. Your messages get ✓ once sent and ✓✓ once my node has them; the ✓✓ turns blue when I have read them.`,
  () =>
    'Someone new can only send you a contact request: it shows under Requests, and /accept, /reject or /block answers it.',
  () =>
    'The names in your sidebar are yours alone: /nick <name> renames whoever is open. Tab completes commands and names.',
  () => 'Alt+A shows your own onion address with a QR code, Alt+C copies it. A friend needs it to /add you.',
  () => 'Alt+H lists every key and /help every command. PageUp scrolls back through a conversation.',
  () =>
    'When you are done, /quit or Ctrl+C stops every Tor process this demo started. For real, run `burrow` without "demo".',
];

/** Ada: already the user's friend when the demo opens; answers every message with a tip. */
export const ADA: Persona = {
  name: 'Ada',
  greeting:
    "Hi! I'm Ada, a scripted friend running on this computer. We talk over a private Tor network, end to end encrypted. Write me anything and I'll answer with a tip.",
  reply: (text, index) => {
    const tip = ADA_TIPS[index];
    return tip === undefined
      ? `You wrote “${quote(text)}”. That was all my tips, but I'm still here!`
      : tip(quote(text));
  },
};

/** Grace: sends the user a contact request a few seconds into the demo; chats a little once accepted. */
export const GRACE: Persona & { readonly requestMessage: string } = {
  name: 'Grace',
  requestMessage:
    "Hi, it's Grace, another scripted friend of this demo. Type /accept to be friends (or /reject, or /block).",
  greeting: 'Thanks for accepting! Now we can chat. Until you accepted, all I could send you was that request.',
  reply: (text) => `“${quote(text)}”, lovely! I'm a simple script: Ada knows more tips.`,
};

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
  /** Said once in each group the user is in. */
  readonly groupHello?: (groupName: string) => string;
  /** What they answer in a group to the user's group message number `index` that said `text`. */
  readonly groupReply?: (text: string, index: number) => string;
  /** Said once a file the user sent arrived whole: its name, size and the start of its hash. */
  readonly fileReceived?: (name: string, size: string, hash: string) => string;
  /** A small text file they offer the user after greeting, and the message that says so. */
  readonly gift?: { readonly fileName: string; readonly content: string; readonly announce: string };
  /** The name of a group of their own they invite the user (and the other scripted friends) to. */
  readonly ownGroup?: string;
  /** The emoji they react with to the user's first message in each conversation (1:1 and every group). */
  readonly reaction?: string;
  /** A message with a typo they send after greeting, then fix by editing it. */
  readonly typo?: { readonly wrong: string; readonly fixed: string };
  /** What they say when the user sets the disappearing timer (`words`: "1 hour", or "off"). */
  readonly timerNoted?: (words: string) => string;
  /** What they say when the user edits a message (its new text) or deletes it for everyone (undefined). */
  readonly changeNoticed?: (edited: string | undefined) => string;
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

/** What Ada's gift file says: the commands of the things the demo lets a newcomer try. */
const ADA_TIPS_FILE = `Tips from Ada (a file sent over Burrow: every chunk was checked against its hash)

- /tour walks you through the demo one step at a time.
- /group create <name> makes a group; /group invite <friend> asks a friend in.
- /send <path> offers a file to whoever is open; /files shows offers, accepts and progress.
- A message to a friend who is offline waits (· ), is sealed and held by a mutual friend (»1),
  and turns ✓✓ once it reached them.
- /help lists every command, Alt+H every key.
`;

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
  groupHello: (group) =>
    `Hello everyone in ${group}! Group messages reach every member, even with nobody in the middle.`,
  groupReply: (text) => `Ada here: “${quote(text)}” reached me, and everyone else in the group.`,
  fileReceived: (name, size, hash) =>
    `I received your file ${name} (${size}); its hash checked out: ${hash}… Every chunk was verified as it came.`,
  gift: {
    fileName: 'tips-from-ada.txt',
    content: ADA_TIPS_FILE,
    announce: 'I offered you a small file of tips: type /files, choose it and press a to accept it.',
  },
  reaction: '👍',
  typo: {
    wrong: 'Messages can be taken back here. Watch me fix this tpyo.',
    fixed:
      'Messages can be taken back here: I just fixed a typo in this one. Yours too: /edit, /delete, /reply, /react and /timer.',
  },
  timerNoted: (words) =>
    words === 'off'
      ? 'Timer off: our messages stay until one of us deletes them.'
      : `Timer noted: each message here now disappears ${words} after it is read, on both our computers (your own, after you wrote it).`,
  changeNoticed: (edited) =>
    edited === undefined
      ? 'You deleted that for everyone: it is gone from my computer too, not just hidden.'
      : `You changed that to “${quote(edited)}”: the old text is gone from my computer too.`,
};

/** Grace: sends the user a contact request a few seconds into the demo; chats a little once accepted. */
export const GRACE: Persona & { readonly requestMessage: string } = {
  name: 'Grace',
  requestMessage:
    "Hi, it's Grace, another scripted friend of this demo. Type /accept to be friends (or /reject, or /block).",
  greeting: 'Thanks for accepting! Now we can chat. Until you accepted, all I could send you was that request.',
  reply: (text) => `“${quote(text)}”, lovely! I'm a simple script: Ada knows more tips.`,
  groupHello: () => 'Hi all, Grace here!',
  groupReply: (text) => `Grace: “${quote(text)}”, noted.`,
  fileReceived: (name, size, hash) => `Got ${name} (${size}), hash verified: ${hash}…`,
  ownGroup: 'Grace’s book club',
  reaction: '❤️',
  timerNoted: (words) => (words === 'off' ? 'Timer off, noted.' : `Disappearing after ${words}: fine by me.`),
};

/**
 * Linus: a friend of Ada who sends the user a contact request and goes offline now and then,
 * so a message to him shows offline delivery through Ada.
 */
export const LINUS: Persona & { readonly requestMessage: string } = {
  name: 'Linus',
  requestMessage:
    "Hi, I'm Linus, a friend of Ada's. I'm often offline. /accept me, then write to me while I'm away: Ada will hold it.",
  greeting:
    "Thanks! I'll go offline in a moment. Write to me then: your message waits (·), Ada holds it for me (»1), and it turns ✓✓ when I'm back.",
  reply: (text) => `Back online: “${quote(text)}” reached me. I'll be off again in a while.`,
};

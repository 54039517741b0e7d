/**
 * What the conversation pane shows when there is no conversation to show: a contact request
 * to answer, our own request that waits, or the first-run hint. Same line format as
 * history-layout.ts, so the pane scrolls them alike.
 */
import type { ContactEntry } from './contact-list.js';
import type { DisplayLine, Segment, Tone } from '../text/display-line.js';
import { wrapText } from '../text/text-width.js';

function paragraph(key: string, text: string, width: number, tone: Tone = 'text', indent = ''): DisplayLine[] {
  return wrapText(text, Math.max(1, width - indent.length)).map((line, index) => ({
    key: `${key}-${index}`,
    segments: [{ text: indent + line, tone } satisfies Segment],
  }));
}

const blank = (key: string): DisplayLine => ({ key, segments: [{ text: '', tone: 'text' }] });

/** Lines about a contact that is not (yet) a friend; empty for friends. */
export function contactInfoLines(entry: ContactEntry, width: number): DisplayLine[] {
  const { contact } = entry;
  const address = `${contact.onion}.onion`;
  switch (contact.state) {
    case 'incoming-request':
      return [
        ...paragraph(
          'from',
          entry.name === contact.onion ? 'Contact request from' : `Contact request from ${entry.name}`,
          width,
          'peer',
        ),
        ...paragraph('address', address, width, 'text', '  '),
        blank('gap-1'),
        ...paragraph('said', 'Their message:', width, 'peer'),
        ...paragraph(
          'message',
          contact.requestMessage === undefined || contact.requestMessage === '' ? '(none)' : contact.requestMessage,
          width,
          'text',
          '  ',
        ),
        blank('gap-2'),
        ...paragraph(
          'how',
          '/accept to become friends, /reject to decline, /block to refuse them for good.',
          width,
          'time',
        ),
      ];
    case 'outgoing-request':
      return [
        ...paragraph('to', 'You asked to be friends with', width, 'me'),
        ...paragraph('address', address, width, 'text', '  '),
        ...(contact.requestMessage === undefined || contact.requestMessage === ''
          ? []
          : [
              blank('gap-1'),
              ...paragraph('said', 'Your message:', width, 'me'),
              ...paragraph('message', contact.requestMessage, width, 'text', '  '),
            ]),
        blank('gap-2'),
        ...paragraph('how', 'Waiting for them to accept. /remove withdraws the request.', width, 'time'),
      ];
    case 'blocked':
      return paragraph(
        'blocked',
        `${address} is blocked: their connections are refused. /remove forgets them (and unblocks).`,
        width,
        'time',
      );
    case 'friend':
      return [];
  }
}

/** The hint shown before there is any contact. */
export function welcomeLines(width: number): DisplayLine[] {
  return [
    ...paragraph('w1', 'Welcome to Burrow.', width, 'me'),
    blank('gap-1'),
    ...paragraph(
      'w2',
      'Give your onion address to a friend (Alt+A shows it with a QR code, Alt+C copies it), or add theirs:',
      width,
    ),
    ...paragraph('w3', '/add <their onion address> <a short message saying who you are>', width, 'peer', '  '),
    blank('gap-2'),
    ...paragraph('w4', 'Alt+H lists every key, /help every command.', width, 'time'),
  ];
}

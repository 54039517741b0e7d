/**
 * The sidebar's list of contacts, pure: which sections, in which order, with which numbers
 * (Alt+1 … opens number 1 …), how a name the user typed finds a contact, and the presence mark.
 *
 * Order: incoming requests first (they wait for an answer), then friends, then our requests
 * that wait for the other side, then blocked contacts; alphabetical inside each section, so
 * numbers do not jump around when messages arrive (irssi keeps window numbers stable too).
 */
import type { ContactState, ContactView } from '../../node/api.js';
import { lookalikes } from '../../lib/name-reading.js';
import { findByName, type NameLookup } from './find-by-name.js';

export type Section = 'requests' | 'friends' | 'pending' | 'blocked';

/** One row of the sidebar. */
export interface ContactEntry {
  readonly contact: ContactView;
  /** What to call them: see {@link contactName}; with a fingerprint when another contact reads the same. */
  readonly name: string;
  readonly section: Section;
  /** 1-based position in the sidebar. */
  readonly number: number;
}

const SECTION_OF: Readonly<Record<ContactState, Section>> = {
  'incoming-request': 'requests',
  friend: 'friends',
  'outgoing-request': 'pending',
  blocked: 'blocked',
};

/** Sections in sidebar order, with their headings. */
export const SECTIONS: readonly { readonly section: Section; readonly title: string }[] = [
  { section: 'requests', title: 'Requests' },
  { section: 'friends', title: 'Friends' },
  { section: 'pending', title: 'Waiting' },
  { section: 'blocked', title: 'Blocked' },
];

/**
 * What to call a contact: our nickname for them, else the name they announced, else their
 * onion address (which the sidebar cuts to the start that fits).
 */
export function contactName(contact: ContactView): string {
  for (const name of [contact.nickname, contact.displayName]) if (name !== undefined && name.trim() !== '') return name;
  return contact.onion;
}

/** Characters of the onion address shown beside a name another contact also goes by. */
export const LOOKALIKE_FINGERPRINT_CHARS = 6;

/**
 * Names to show: when two contacts would read the same (someone may pick a friend's name to
 * pass as them), each gets the start of its onion address beside it, which nobody can choose.
 */
function distinctNames(contacts: readonly ContactView[]): Map<ContactView, string> {
  const shared = lookalikes(
    contacts.filter((contact) => contactName(contact) !== contact.onion),
    contactName,
  );
  const names = new Map<ContactView, string>();
  for (const contact of contacts) {
    const name = contactName(contact);
    names.set(contact, shared.has(contact) ? `${name} ·${contact.onion.slice(0, LOOKALIKE_FINGERPRINT_CHARS)}` : name);
  }
  return names;
}

/** The sidebar entries, numbered in display order. */
export function contactEntries(contacts: readonly ContactView[]): ContactEntry[] {
  const entries: ContactEntry[] = [];
  const names = distinctNames(contacts);
  for (const { section } of SECTIONS) {
    const inSection = contacts
      .filter((contact) => SECTION_OF[contact.state] === section)
      .map((contact) => ({ contact, name: names.get(contact)! }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.contact.onion.localeCompare(b.contact.onion));
    for (const { contact, name } of inSection) entries.push({ contact, name, section, number: entries.length + 1 });
  }
  return entries;
}

export type TargetResult = { readonly contact: ContactView } | { readonly error: string };

const CONTACT_LOOKUP: NameLookup<ContactEntry> = {
  labels: (entry) => [entry.name, entry.contact.onion],
  what: 'contact',
  describe: (entry) => entry.name,
  normalize: (typed) => typed.replace(/\.onion$/, ''),
  hint: 'type more of the name.',
};

/**
 * Finds the contact a typed name means: an exact nickname (any case), an onion address (with
 * or without ".onion"), or an unambiguous start of either.
 */
export function resolveTarget(typed: string, entries: readonly ContactEntry[]): TargetResult {
  const result = findByName(typed, entries, CONTACT_LOOKUP);
  return 'error' in result ? result : { contact: result.found.contact };
}

/** The presence dot: ● online friend, ○ offline, ? request to answer, … waiting for them, ⊘ blocked. */
export function presenceMark(entry: ContactEntry): { readonly mark: string; readonly color: string | undefined } {
  switch (entry.contact.state) {
    case 'incoming-request':
      return { mark: '?', color: 'yellow' };
    case 'outgoing-request':
      return { mark: '…', color: undefined };
    case 'blocked':
      return { mark: '⊘', color: 'red' };
    case 'friend':
      return entry.contact.online ? { mark: '●', color: 'green' } : { mark: '○', color: undefined };
  }
}

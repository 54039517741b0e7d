/**
 * The sidebar's rows, pure: every conversation the user can open, contacts by section then
 * groups, each as one kind of row whatever it is (number, mark, name, unread count), so one
 * component draws them all (components/Sidebar.tsx). The groups get a panel of their own under
 * the contacts, with its heading and the invitations line kept in view.
 */
import { SECTIONS, presenceMark, type ContactEntry } from './contact-list.js';
import type { GroupEntry } from './group-list.js';

/** One row of the sidebar. */
export type SidebarRow =
  | {
      readonly kind: 'heading';
      readonly key: string;
      readonly text: string;
      readonly color: string | undefined;
      readonly dim: boolean;
    }
  | { readonly kind: 'note'; readonly key: string; readonly text: string; readonly color: string }
  | {
      readonly kind: 'entry';
      /** The selection key. */
      readonly key: string;
      readonly number: number;
      readonly mark: string;
      readonly markColor: string | undefined;
      readonly name: string;
      readonly unread: number;
      /** Drawn faint when not selected (a group we left). */
      readonly faint: boolean;
    };

/** A part of the sidebar: rows kept at its top, rows scrolled to keep the selection in view, rows kept at its bottom. */
export interface SidebarPanel {
  readonly top: readonly SidebarRow[];
  readonly list: readonly SidebarRow[];
  readonly bottom: readonly SidebarRow[];
}

/** The contacts, by section (Requests stand out: they wait for an answer). */
export function contactPanel(entries: readonly ContactEntry[]): SidebarPanel {
  const list: SidebarRow[] = [];
  for (const { section, title } of SECTIONS) {
    const inSection = entries.filter((entry) => entry.section === section);
    if (inSection.length === 0) continue;
    const requests = section === 'requests';
    list.push({
      kind: 'heading',
      key: `heading-${title}`,
      text: `${title} (${inSection.length})`,
      color: requests ? 'yellow' : undefined,
      dim: !requests,
    });
    for (const entry of inSection) {
      const { mark, color } = presenceMark(entry);
      list.push({
        kind: 'entry',
        key: entry.contact.onion,
        number: entry.number,
        mark,
        markColor: color,
        name: entry.name,
        unread: entry.contact.unread,
        faint: false,
      });
    }
  }
  return { top: [], list, bottom: [] };
}

/** The groups under their heading, and a line for the invitations waiting (/group invites lists them). */
export function groupPanel(groups: readonly GroupEntry[], invites: number): SidebarPanel {
  return {
    top: [{ kind: 'heading', key: 'heading-groups', text: `Groups (${groups.length})`, color: undefined, dim: true }],
    list: groups.map((entry) => ({
      kind: 'entry',
      key: entry.key,
      number: entry.number,
      mark: '#',
      markColor: 'cyan',
      name: entry.name,
      unread: entry.group.unread,
      faint: !entry.group.isMember,
    })),
    bottom:
      invites > 0 ? [{ kind: 'note', key: 'invitations', text: `Invitations (${invites})`, color: 'yellow' }] : [],
  };
}

/** Rows the groups panel wants of a sidebar `height` rows tall: none without groups or invitations, at most half. */
export function groupPanelRows(groups: number, invites: number, height: number): number {
  if (groups === 0 && invites === 0) return 0;
  const wanted = 1 + groups + (invites > 0 ? 1 : 0);
  return Math.min(wanted, Math.max(3, Math.floor(height / 2)), height);
}

/** The first of `count` rows to show in `height` rows so that row `selected` (-1: none) is near the middle. */
export function scrollStart(selected: number, count: number, height: number): number {
  return Math.max(0, Math.min(selected - Math.floor(height / 2), count - height));
}

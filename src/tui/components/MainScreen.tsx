/**
 * The main screen: sidebar of contacts, conversation pane, notice line, input line, status
 * bar; the help screen and the address card on top when asked for. All keys arrive here
 * (key-bindings.ts says what each does). The node holds the state; this screen holds only
 * what is on screen: the input, the open conversation, the scroll position.
 *
 * Key handlers read and write UI state through a ref, not the state of the last render: Ink
 * hands every key of one input chunk to the handler before React renders again (and the
 * handler itself is always the latest render's: use-key-handler.ts).
 */
import { homedir } from 'node:os';
import { Box, Text } from 'ink';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { NodeApi } from '../../node/api.js';
import { AddressCard } from './AddressCard.js';
import type { CommandOutcome, CommandValue, Notice } from '../commands/command.js';
import { findCompletions } from '../commands/completion.js';
import { parseLine, runCommand } from '../commands/registry.js';
import { applyCompletion, type Completions } from '../input/completions.js';
import { contactEntries } from '../conversation/contact-list.js';
import { ConversationPane } from './ConversationPane.js';
import { layoutConversation, type DisplayLine, type LayoutCache } from '../conversation/conversation-layout.js';
import { HelpScreen, maxHelpScroll } from './HelpScreen.js';
import { groupMemberLines, layoutGroupHistory, type GroupLayoutCache } from '../conversation/group-layout.js';
import { groupEntries, personName, type GroupEntry } from '../conversation/group-list.js';
import { GroupPane } from './GroupPane.js';
import { GroupSidebar, groupSidebarRows } from './GroupSidebar.js';
import { EMPTY_HISTORY, newer, older, remember, type InputHistory } from '../input/input-history.js';
import { InputLine, inputRowCount } from './InputLine.js';
import { keyAction, type EditOperation, type KeyAction } from '../input/key-bindings.js';
import { MAX_INPUT_CHARS, MAX_INPUT_ROWS, MAX_MESSAGE_BYTES, MIN_COLUMNS, MIN_ROWS, SIDEBAR_MIN_TOTAL_COLUMNS } from '../limits.js';
import * as editing from '../input/line-editor.js';
import { formatSize, tooLongReason, utf8Length } from '../text/message-size.js';
import { contactInfoLines, welcomeLines } from '../conversation/pane-lines.js';
import { readSetting, type TuiPreferences } from '../preferences.js';
import { describeError } from '../safe-node.js';
import { Sidebar } from './Sidebar.js';
import { StatusBar } from './StatusBar.js';
import type { TerminalEffects } from '../terminal-sequences.js';
import { wrapText } from '../text/text-width.js';
import { TooSmall } from './TooSmall.js';
import { offerNotice, peerNamer, runTransferAction } from '../transfers/transfer-actions.js';
import { transferKeyAction } from '../transfers/transfer-keys.js';
import { TransfersPane } from './TransfersPane.js';
import { useTransfers } from '../hooks/use-transfers.js';
import { useAttention } from '../hooks/use-attention.js';
import { useConversation } from '../hooks/use-conversation.js';
import { useGroupAttention } from '../hooks/use-group-attention.js';
import { useGroupHistory } from '../hooks/use-group-history.js';
import { useGroups } from '../hooks/use-groups.js';
import { useKeyHandler } from '../hooks/use-key-handler.js';
import { useNodeView } from '../hooks/use-node-view.js';
import type { TerminalSize } from '../hooks/use-terminal-size.js';
import { COPIED_NOTICE } from './WelcomeScreen.js';

/** Props of MainScreen. */
export interface MainScreenProps {
  /** The node, already behind safeNodeApi. */
  readonly api: NodeApi;
  readonly preferences: TuiPreferences;
  readonly effects: TerminalEffects;
  /** /quit, Ctrl+C. */
  readonly onQuit: () => void;
  readonly size: TerminalSize;
}

interface CompletionSession {
  /** The input before the first Tab. */
  readonly base: editing.EditorState;
  readonly found: Completions;
  readonly index: number;
  /** The input as the last Tab left it: typing anything else ends the session. */
  readonly applied: editing.EditorState;
}

interface UiState {
  readonly selected: string | undefined;
  readonly editor: editing.EditorState;
  readonly history: InputHistory;
  readonly completion: CompletionSession | undefined;
  readonly notice: Notice | undefined;
  readonly overlay: 'help' | 'address' | 'members' | 'transfers' | undefined;
  /** The transfer selected in the transfers view. */
  readonly transferIndex: number;
  readonly helpScroll: number;
  readonly addressNotice: string | undefined;
  /** Lines scrolled up from the newest. */
  readonly scroll: number;
}

const INITIAL_UI: UiState = {
  selected: undefined,
  editor: editing.EMPTY_EDITOR,
  history: EMPTY_HISTORY,
  completion: undefined,
  notice: undefined,
  overlay: undefined,
  helpScroll: 0,
  transferIndex: 0,
  addressNotice: undefined,
  scroll: 0,
};

const EDITS: Readonly<Record<EditOperation, (state: editing.EditorState) => editing.EditorState>> = {
  left: editing.moveLeft,
  right: editing.moveRight,
  'line-start': editing.moveLineStart,
  'line-end': editing.moveLineEnd,
  'word-left': editing.moveWordLeft,
  'word-right': editing.moveWordRight,
  backspace: editing.backspace,
  'delete-forward': editing.deleteForward,
  'delete-word': editing.deleteWordBefore,
  'kill-to-start': editing.killToLineStart,
  'kill-to-end': editing.killToLineEnd,
};

const MAX_NOTICE_ROWS = 2;
const error = (text: string): Notice => ({ text, tone: 'error' });
const info = (text: string): Notice => ({ text, tone: 'info' });

/** Sidebar, conversation, input and status bar, and the keys that drive them. */
export function MainScreen({ api, preferences, effects, onQuit, size }: MainScreenProps) {
  const { columns: width, height } = size;
  const view = useNodeView(api);
  const entries = useMemo(() => contactEntries(view.contacts), [view.contacts]);

  const [ui, setUi] = useState<UiState>(INITIAL_UI);
  const uiRef = useRef(ui);
  const patch = useCallback((change: Partial<UiState>): void => {
    uiRef.current = { ...uiRef.current, ...change };
    setUi(uiRef.current);
  }, []);
  const [settings, setSettings] = useState(() => ({ bell: readSetting(preferences, 'bell'), title: readSetting(preferences, 'title') }));

  // Groups follow the contacts in the sidebar; a selected group is open instead of a contact.
  const groupsView = useGroups(api);
  const groupList = useMemo(() => groupEntries(groupsView.groups, entries.length + 1), [groupsView.groups, entries.length]);
  const openGroup = groupList.find((entry) => entry.key === ui.selected);

  // The open contact: the one selected, else the first (remembered, so that a new request
  // sorting above it does not switch the conversation under the user's feet). A selection
  // the list does not show yet (a contact just added) is kept until it does; one that left
  // the list (removed) falls back to the first.
  const found = entries.find((entry) => entry.contact.onion === ui.selected);
  const seen = useRef<string | undefined>(undefined);
  if (found !== undefined) seen.current = found.contact.onion;
  const open = openGroup !== undefined ? undefined : (found ?? entries[0]);
  if (found === undefined && open !== undefined && (ui.selected === undefined || seen.current === ui.selected)) {
    patch({ selected: open.contact.onion, scroll: 0 });
  }
  const openOnion = open?.contact.onion;
  const showsHistory = open?.contact.state === 'friend' || open?.contact.state === 'blocked';
  const conversation = useConversation(api, showsHistory ? openOnion : undefined);

  const showError = useCallback((text: string) => patch({ notice: error(text) }), [patch]);
  useAttention({ api, contacts: view.contacts, openOnion, effects, bell: settings.bell, title: settings.title, onError: showError });
  const groupHistory = useGroupHistory(api, openGroup?.group.id, openGroup?.group.unread ?? 0, showError);
  const showInfo = useCallback((text: string) => patch({ notice: info(text) }), [patch]);
  useGroupAttention({ api, openGroupId: openGroup?.group.id, effects, bell: settings.bell, onNotice: showInfo });
  const nameOf = useMemo(() => peerNamer(entries), [entries]);
  const transfersView = useTransfers(api, (offer) => patch({ notice: offerNotice(offer, nameOf) }));

  // ---- layout ----
  const sidebarWidth = width >= SIDEBAR_MIN_TOTAL_COLUMNS ? Math.min(28, Math.max(18, Math.floor(width / 4))) : 0;
  const paneWidth = Math.max(1, width - (sidebarWidth > 0 ? sidebarWidth + 1 : 0));
  const inputRows = inputRowCount(ui.editor, width, MAX_INPUT_ROWS);
  const inputBytes = utf8Length(ui.editor.text);
  const noticeNow = ui.notice ?? (tooLongReason(inputBytes) === undefined ? undefined : error(tooLongReason(inputBytes) ?? ''));
  const noticeLines = noticeNow === undefined ? [] : wrapText(noticeNow.text, width).slice(0, MAX_NOTICE_ROWS);
  const bodyRows = Math.max(1, height - 1 - inputRows - noticeLines.length);
  const messageRows = Math.max(1, bodyRows - 1);

  const myName = view.status?.displayName !== undefined && view.status.displayName !== '' ? view.status.displayName : 'me';
  const layoutCache = useRef<LayoutCache>(new WeakMap());
  const groupLayoutCache = useRef<GroupLayoutCache>(new WeakMap());
  // Conversations sit at the bottom of the pane, like a chat; anything else reads from the top.
  const anchorTop = !showsHistory && openGroup === undefined;
  const lines = useMemo((): DisplayLine[] => {
    if (openGroup !== undefined) {
      const history = layoutGroupHistory(groupHistory.entries, { width: paneWidth, cache: groupLayoutCache.current });
      const empty = history.length === 0 && !groupHistory.loading;
      return empty ? [{ key: 'empty', segments: [{ text: 'No messages yet. What you type goes to every member.', tone: 'time' }] }] : history;
    }
    if (open === undefined) return view.loaded ? welcomeLines(paneWidth) : [];
    const details = contactInfoLines(open, paneWidth);
    if (!showsHistory) return details;
    const history = layoutConversation(conversation.messages, { width: paneWidth, myName, peerName: open.name, cache: layoutCache.current });
    if (history.length === 0 && !conversation.loading && open.contact.state === 'friend') {
      return [{ key: 'empty', segments: [{ text: 'No messages yet. Say hello!', tone: 'time' }] }];
    }
    return [...history, ...details];
  }, [open, openGroup, groupHistory.entries, groupHistory.loading, showsHistory, conversation.messages, conversation.loading, paneWidth, myName, view.loaded]);

  // Keep the view still while scrolled up: lines added below push the offset up with them.
  const lastKey = lines.at(-1)?.key;
  const openKey = openGroup?.key ?? openOnion;
  const anchor = useRef({ onion: openKey, lastKey });
  if (anchor.current.onion !== openKey || anchor.current.lastKey !== lastKey) {
    if (anchor.current.onion === openKey && uiRef.current.scroll > 0) {
      const previous = lines.findIndex((line) => line.key === anchor.current.lastKey);
      if (previous >= 0) patch({ scroll: uiRef.current.scroll + (lines.length - 1 - previous) });
    } else if (anchor.current.onion !== openKey) {
      patch({ scroll: 0 });
    }
    anchor.current = { onion: openKey, lastKey };
  }
  const maxScroll = Math.max(0, lines.length - messageRows);
  const scroll = Math.min(ui.scroll, maxScroll);

  // ---- actions ----
  const applyOutcome = (outcome: CommandOutcome): void => {
    if (outcome.quit === true) {
      onQuit();
      return;
    }
    if (outcome.settingsChanged === true) setSettings({ bell: readSetting(preferences, 'bell'), title: readSetting(preferences, 'title') });
    patch({
      ...(outcome.notice === undefined ? {} : { notice: outcome.notice }),
      ...(outcome.select === undefined ? {} : { selected: outcome.select }),
      ...(outcome.show === undefined ? {} : { overlay: outcome.show, helpScroll: 0, addressNotice: undefined }),
    });
  };

  const execute = (command: CommandValue): void => {
    const context = { api, contacts: entries, invites: groupsView.invites, openContact: open, openGroup, preferences, effects, ownOnion: view.status?.onion, paths: { cwd: process.cwd(), home: homedir() } };
    void runCommand(command, context).then(applyOutcome);
  };

  const sendToGroup = (group: GroupEntry, text: string): void => {
    const { editor, history } = uiRef.current;
    const reason = tooLongReason(utf8Length(text));
    if (reason !== undefined || !group.group.isMember) {
      patch({ notice: error(reason ?? 'You are no longer a member of this group: nothing you type reaches it.') });
      return;
    }
    patch({ editor: editing.EMPTY_EDITOR, history: remember(history, editor.text), notice: undefined, scroll: 0 });
    api.groups.send(group.group.id, text).then(
      (message) => groupHistory.addIfMissing(message),
      (caught: unknown) => patch({ notice: error(`Not sent: ${describeError(caught)} (↑ brings the text back)`) }),
    );
  };

  const send = (text: string): void => {
    const { editor, history } = uiRef.current;
    if (openGroup !== undefined) {
      sendToGroup(openGroup, text);
      return;
    }
    if (open === undefined) {
      patch({ notice: error('Nobody to send to yet: add a friend with /add <onion> <message>.') });
      return;
    }
    if (open.contact.state !== 'friend') {
      patch({ notice: error(`${open.name === open.contact.onion ? 'They are' : `${open.name} is`} not your friend yet: messages go to friends only.`) });
      return;
    }
    const reason = tooLongReason(utf8Length(text));
    if (reason !== undefined) {
      patch({ notice: error(reason) });
      return;
    }
    patch({ editor: editing.EMPTY_EDITOR, history: remember(history, editor.text), notice: undefined, scroll: 0 });
    const onion = open.contact.onion;
    api.sendMessage(onion, text).then(
      (message) => conversation.addIfMissing(message),
      (caught: unknown) => patch({ notice: error(`Not sent: ${describeError(caught)} (↑ brings the text back)`) }),
    );
  };

  const submit = (): void => {
    const { editor, history } = uiRef.current;
    const parsed = parseLine(editor.text);
    switch (parsed.kind) {
      case 'empty':
        return;
      case 'invalid':
        // The text stays, so that a typo in an onion address can be fixed.
        patch({ notice: error(parsed.message) });
        return;
      case 'message':
        send(parsed.text.replace(/\n+$/, ''));
        return;
      case 'command':
        patch({ editor: editing.EMPTY_EDITOR, history: remember(history, editor.text), notice: undefined });
        execute(parsed.command);
        return;
    }
  };

  const complete = (step: 1 | -1): void => {
    const { editor, completion } = uiRef.current;
    if (completion !== undefined && completion.applied.text === editor.text && completion.applied.cursor === editor.cursor) {
      const index = completion.index + step;
      const applied = applyCompletion(completion.base.text, completion.found, index);
      patch({ editor: applied, completion: { ...completion, index, applied } });
      return;
    }
    const friendNames = entries.filter((entry) => entry.contact.state === 'friend').map((entry) => entry.name);
    const memberNames = openGroup?.group.members.filter((member) => !member.isSelf).map(personName) ?? [];
    const groupNames = { friends: friendNames, members: memberNames, invites: groupsView.invites.map((invite) => invite.groupName) };
    const paths = { cwd: process.cwd(), home: homedir() };
    const found = findCompletions(editor.text, editor.cursor, openGroup === undefined ? entries.map((entry) => entry.name) : memberNames, groupNames, paths);
    if (found === undefined) return;
    const index = step === 1 ? 0 : found.matches.length - 1;
    const applied = applyCompletion(editor.text, found, index);
    patch({
      editor: applied,
      completion: { base: editor, found, index, applied },
      ...(found.matches.length > 1 ? { notice: info(found.matches.map((match) => match.trim()).join('  ')) } : {}),
    });
  };

  /** Inserts typed or pasted text; `length` is the whole paste's when only its start was kept. */
  const insertText = (raw: string, length = raw.length): void => {
    const { editor } = uiRef.current;
    const text = editing.cleanTypedText(raw);
    if (text === '') return;
    if (editor.text.length + Math.max(text.length, length) > MAX_INPUT_CHARS) {
      const size = length > raw.length ? `${formatSize(length)} or more` : formatSize(utf8Length(text));
      patch({ notice: error(`Nothing pasted: ${size} is far more than a message holds (${formatSize(MAX_MESSAGE_BYTES)}).`) });
      return;
    }
    patch({ editor: editing.insert(editor, text) });
  };

  const switchTo = (onion: string): void => patch({ selected: onion, scroll: 0 });

  const scrollTo = (to: 'page-up' | 'page-down' | 'top' | 'bottom'): void => {
    const page = Math.max(1, messageRows - 1);
    const current = Math.min(uiRef.current.scroll, maxScroll);
    const next = to === 'page-up' ? Math.min(maxScroll, current + page) : to === 'page-down' ? Math.max(0, current - page) : to === 'top' ? maxScroll : 0;
    if ((to === 'page-up' || to === 'top') && next >= maxScroll) (openGroup === undefined ? conversation : groupHistory).loadOlder();
    patch({ scroll: next });
  };

  const copyAddress = (inCard: boolean): void => {
    const onion = view.status?.onion;
    if (onion === undefined) {
      patch({ notice: error('Your address is not known yet: try again in a moment.') });
      return;
    }
    effects.copyToClipboard(`${onion}.onion`);
    patch(inCard ? { addressNotice: COPIED_NOTICE } : { notice: info(COPIED_NOTICE) });
  };

  const onHelpKey = (action: KeyAction, input: string): void => {
    const limit = maxHelpScroll(paneWidth, bodyRows);
    const { helpScroll } = uiRef.current;
    const page = Math.max(1, bodyRows - 2);
    if (action.type === 'up') patch({ helpScroll: Math.max(0, helpScroll - 1) });
    else if (action.type === 'down') patch({ helpScroll: Math.min(limit, helpScroll + 1) });
    else if (action.type === 'scroll') {
      const next = { 'page-up': helpScroll - page, 'page-down': helpScroll + page, top: 0, bottom: limit }[action.to];
      patch({ helpScroll: Math.max(0, Math.min(limit, next)) });
    } else if (action.type === 'escape' || action.type === 'help' || action.type === 'send' || (action.type === 'insert' && input === 'q')) {
      patch({ overlay: undefined });
    }
  };

  const onAddressKey = (action: KeyAction, input: string): void => {
    if (action.type === 'copy' || (action.type === 'insert' && input === 'c')) copyAddress(true);
    else if (action.type === 'escape' || action.type === 'send' || action.type === 'address' || (action.type === 'insert' && input === 'q')) patch({ overlay: undefined });
  };

  const onTransfersKey = (action: KeyAction): void => {
    const what = transferKeyAction(action);
    const list = transfersView.transfers;
    const index = Math.min(uiRef.current.transferIndex, Math.max(0, list.length - 1));
    const selected = list[index];
    if (what === 'close') patch({ overlay: undefined });
    else if (what === 'up' || what === 'down') patch({ transferIndex: Math.max(0, Math.min(list.length - 1, index + (what === 'up' ? -1 : 1))) });
    else if (what !== undefined && selected !== undefined) void runTransferAction(api, what, selected).then((notice) => patch({ notice }));
  };

  useKeyHandler((event) => {
    const state = uiRef.current;
    if (event.kind === 'paste') {
      if (state.overlay === undefined) insertText(event.text, event.length);
      return;
    }
    const { input, key } = event;
    const action = keyAction(input, key, { inputEmpty: state.editor.text === '' });
    if (action === undefined) return;
    if (action.type === 'quit') {
      onQuit();
      return;
    }
    if (state.overlay === 'help') {
      onHelpKey(action, input);
      return;
    }
    if (state.overlay === 'address') {
      onAddressKey(action, input);
      return;
    }
    if (state.overlay === 'transfers') {
      onTransfersKey(action);
      return;
    }
    if (state.overlay === 'members') {
      if (action.type === 'escape' || action.type === 'send' || (action.type === 'insert' && input === 'q')) patch({ overlay: undefined });
      return;
    }
    if (action.type !== 'complete' && state.completion !== undefined) patch({ completion: undefined });
    switch (action.type) {
      case 'send':
        submit();
        return;
      case 'newline':
        insertText('\n');
        return;
      case 'insert':
        insertText(action.text);
        return;
      case 'edit':
        patch({ editor: EDITS[action.operation](state.editor) });
        return;
      case 'complete':
        complete(action.step);
        return;
      case 'up': {
        const moved = editing.moveUp(state.editor);
        const recalled = moved === undefined ? older(state.history, state.editor.text) : undefined;
        if (moved !== undefined) patch({ editor: moved });
        else if (recalled !== undefined) patch({ history: recalled.history, editor: { text: recalled.text, cursor: recalled.text.length } });
        return;
      }
      case 'down': {
        const moved = editing.moveDown(state.editor);
        const recalled = moved === undefined ? newer(state.history) : undefined;
        if (moved !== undefined) patch({ editor: moved });
        else if (recalled !== undefined) patch({ history: recalled.history, editor: { text: recalled.text, cursor: recalled.text.length } });
        return;
      }
      case 'conversation': {
        const keys = [...entries.map((entry) => entry.contact.onion), ...groupList.map((entry) => entry.key)];
        if (keys.length === 0) return;
        const index = keys.indexOf(openKey ?? '');
        const next = keys[(index + action.step + keys.length) % keys.length];
        if (next !== undefined) switchTo(next);
        return;
      }
      case 'conversation-number': {
        const key = action.number <= entries.length ? entries[action.number - 1]?.contact.onion : groupList[action.number - entries.length - 1]?.key;
        if (key === undefined) patch({ notice: error(`There is no conversation ${action.number} (the sidebar numbers them).`) });
        else switchTo(key);
        return;
      }
      case 'scroll':
        scrollTo(action.to);
        return;
      case 'help':
        patch({ overlay: 'help', helpScroll: 0 });
        return;
      case 'address':
        patch({ overlay: 'address', addressNotice: undefined });
        return;
      case 'copy':
        copyAddress(false);
        return;
      case 'escape':
        patch({ notice: undefined });
        return;
    }
  });

  // ---- drawing ----
  if (width < MIN_COLUMNS || size.rows < MIN_ROWS) return <TooSmall columns={width} rows={size.rows} />;

  if (ui.overlay === 'address') {
    return <AddressCard onion={view.status?.onion} width={width} height={height} keys="c copies the address (OSC 52) · Esc closes" notice={ui.addressNotice} />;
  }

  const friends = entries.filter((entry) => entry.contact.state === 'friend');
  const paging = openGroup === undefined ? conversation : groupHistory;
  const paneStatus = paging.loading
    ? 'loading…'
    : (paging.error ?? view.error ?? groupsView.error ?? (scroll > 0 && scroll >= maxScroll && paging.hasOlder ? 'PageUp: older messages' : undefined));
  const groupRows = sidebarWidth > 0 ? groupSidebarRows(groupList.length, groupsView.invites.length, bodyRows) : 0;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box flexDirection="row" height={bodyRows}>
        {sidebarWidth > 0 ? (
          <Box borderStyle="single" borderTop={false} borderBottom={false} borderLeft={false} borderDimColor width={sidebarWidth + 1} height={bodyRows} flexDirection="column">
            <Sidebar entries={entries} loaded={view.loaded} selected={openOnion} width={sidebarWidth} height={bodyRows - groupRows} />
            {groupRows > 0 ? (
              <GroupSidebar
                entries={groupList}
                invites={groupsView.invites.length}
                selected={ui.selected}
                width={sidebarWidth}
                height={groupRows}
                numberWidth={String(entries.length + groupList.length).length}
              />
            ) : null}
          </Box>
        ) : null}
        {ui.overlay === 'help' ? (
          <HelpScreen scroll={ui.helpScroll} width={paneWidth} height={bodyRows} />
        ) : ui.overlay === 'transfers' ? (
          <TransfersPane transfers={transfersView.transfers} selected={ui.transferIndex} nameOf={nameOf} width={paneWidth} height={bodyRows} status={transfersView.error} />
        ) : openGroup !== undefined ? (
          <GroupPane
            entry={openGroup}
            lines={ui.overlay === 'members' ? groupMemberLines(openGroup.group, paneWidth) : lines}
            scroll={ui.overlay === 'members' ? 0 : scroll}
            width={paneWidth}
            height={bodyRows}
            status={paneStatus}
            anchorTop={ui.overlay === 'members'}
          />
        ) : (
          <ConversationPane entry={open} lines={lines} scroll={scroll} width={paneWidth} height={bodyRows} status={paneStatus} anchorTop={anchorTop} />
        )}
      </Box>
      {noticeLines.map((line, index) => (
        <Text key={index} color={noticeNow?.tone === 'error' ? 'red' : 'green'} wrap="truncate">
          {line}
        </Text>
      ))}
      <InputLine editor={ui.editor} width={width} maxRows={MAX_INPUT_ROWS} inactive={ui.overlay !== undefined} />
      <StatusBar tor={view.tor} friendsOnline={friends.filter((entry) => entry.contact.online).length} friends={friends.length} ownOnion={view.status?.onion} width={width} />
    </Box>
  );
}

/**
 * The main screen: sidebar, open conversation, notice, input line and status bar, with the help,
 * members, transfers, search and address overlays. All keys arrive here (input/key-bindings.ts).
 * The node holds the state; this screen only what is on screen (main-screen/ui-state.ts, through
 * a ref: hooks/use-ref-state.ts). Contact and group conversations are one model (conversation/conversation.ts).
 */
import { homedir } from 'node:os';
import { Box, Text } from 'ink';
import { useCallback, useMemo, useRef, useState } from 'react';
import type { NodeApi } from '../../node/api.js';
import type { CommandContext, CommandOutcome, CommandValue } from '../commands/command.js';
import { findCompletions } from '../commands/completion.js';
import { parseLine, runCommand } from '../commands/registry.js';
import { contactEntries } from '../conversation/contact-list.js';
import { conversationLines } from '../conversation/conversation.js';
import { groupEntries } from '../conversation/group-list.js';
import type { LayoutCache } from '../conversation/history-layout.js';
import { useAttention } from '../hooks/use-attention.js';
import { useChatHabits } from '../hooks/use-chat-habits.js';
import { useDesktopNotifications } from '../hooks/use-desktop-notifications.js';
import { useGroups } from '../hooks/use-groups.js';
import { useKeyHandler } from '../hooks/use-key-handler.js';
import { useNodeView } from '../hooks/use-node-view.js';
import { useTour } from '../tour/use-tour.js';
import { useOpenConversation } from '../hooks/use-open-conversation.js';
import { usePagedHistory } from '../hooks/use-paged-history.js';
import { useRefState } from '../hooks/use-ref-state.js';
import { useScrollAnchor } from '../hooks/use-scroll-anchor.js';
import type { TerminalSize } from '../hooks/use-terminal-size.js';
import { useTransfers } from '../hooks/use-transfers.js';
import { keyAction, type KeyAction } from '../input/key-bindings.js';
import { MIN_COLUMNS, MIN_ROWS } from '../limits.js';
import { completed, edited, inserted, moved, sent } from '../main-screen/input-actions.js';
import { screenLayout } from '../main-screen/layout.js';
import { addressKey, helpKey, membersKey } from '../main-screen/overlay-keys.js';
import { error, info, INITIAL_UI, type UiState } from '../main-screen/ui-state.js';
import { readSettings, type TuiPreferences } from '../preferences.js';
import { describeError } from '../safe-node.js';
import type { TerminalEffects } from '../terminal-sequences.js';
import { peerNamer, runTransferAction, transferNotice } from '../transfers/transfer-actions.js';
import { transferKeyAction } from '../transfers/transfer-keys.js';
import { AddressCard } from './AddressCard.js';
import { ConversationPane } from './ConversationPane.js';
import { HelpScreen, maxHelpScroll } from './HelpScreen.js';
import { InputLine } from './InputLine.js';
import { SearchPane } from './SearchPane.js';
import { SidebarColumn } from './SidebarColumn.js';
import { ownAddress, StatusBar } from './StatusBar.js';
import { TooSmall } from './TooSmall.js';
import { TransfersPane } from './TransfersPane.js';
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

/** Sidebar, conversation, input and status bar, and the keys that drive them. */
export function MainScreen({ api, preferences, effects, onQuit, size }: MainScreenProps) {
  const { columns: width, height } = size;
  const [ui, uiRef, patch] = useRefState(INITIAL_UI);
  const [settings, setSettings] = useState(() => readSettings(preferences));

  // ---- what the node says ----
  const view = useNodeView(api);
  const groupsView = useGroups(api);
  const contacts = useMemo(() => contactEntries(view.contacts), [view.contacts]);
  // Groups follow the contacts in the sidebar (and in Alt+number).
  const groups = useMemo(
    () => groupEntries(groupsView.groups, contacts.length + 1),
    [groupsView.groups, contacts.length],
  );
  const myName =
    view.status?.displayName !== undefined && view.status.displayName !== '' ? view.status.displayName : 'me';
  const select = useCallback((key: string) => patch({ selected: key, scroll: 0 }), [patch]);
  const open = useOpenConversation(api, {
    contacts,
    groups,
    selected: ui.selected,
    myName,
    loaded: view.loaded,
    select,
  });
  const history = usePagedHistory(api, open.history);

  const showError = useCallback((text: string) => patch({ notice: error(text) }), [patch]);
  const showInfo = useCallback((text: string) => patch({ notice: info(text) }), [patch]);
  useAttention({
    api,
    contacts: view.contacts,
    open,
    effects,
    bell: settings.bell,
    title: settings.title,
    onError: showError,
    onNotice: showInfo,
  });
  useTour(api, preferences, showInfo);
  useDesktopNotifications({ api, contacts, groups, openKey: open.key, effects, settings });
  const nameOf = useMemo(() => peerNamer(contacts), [contacts]);
  const transfersView = useTransfers(api, (view, why) => patch({ notice: transferNotice(view, why, nameOf) }));

  // ---- layout ----
  const layout = screenLayout(width, height, ui.editor, ui.notice);
  const { paneWidth, bodyRows, messageRows } = layout;
  const layoutCache = useRef<LayoutCache>(new WeakMap());
  const { items, loading } = history;
  const lines = useMemo(
    () => conversationLines(open, { items, loading }, paneWidth, layoutCache.current),
    [open, items, loading, paneWidth],
  );
  useScrollAnchor(lines, open.key, uiRef, (scroll) => patch({ scroll }));
  const maxScroll = Math.max(0, lines.length - messageRows);
  const scroll = Math.min(ui.scroll, maxScroll);
  const habits = useChatHabits({
    uiRef,
    patch,
    contacts,
    groups,
    openKey: open.key,
    lines,
    messageRows,
    history,
    effects,
  });

  // ---- actions ----
  const applyOutcome = (outcome: CommandOutcome): void => {
    if (outcome.quit === true) {
      onQuit();
      return;
    }
    if (outcome.settingsChanged === true) setSettings(readSettings(preferences));
    if (outcome.send !== undefined) send(outcome.send);
    if (outcome.search !== undefined) habits.showResults(outcome.search);
    patch({
      ...(outcome.notice === undefined ? {} : { notice: outcome.notice }),
      ...(outcome.select === undefined ? {} : { selected: outcome.select }),
      ...(outcome.show === undefined ? {} : { overlay: outcome.show, helpScroll: 0, addressNotice: undefined }),
    });
  };

  const execute = (command: CommandValue): void => {
    const context: CommandContext = {
      api,
      contacts,
      invites: groupsView.invites,
      openContact: open.contact,
      openGroup: open.group,
      groups,
      myName,
      preferences,
      effects,
      ownOnion: view.status?.onion,
      paths: { cwd: process.cwd(), home: homedir() },
    };
    void runCommand(command, context).then(applyOutcome);
  };

  const send = (text: string): void => {
    const refusal = open.refusal(text);
    if (refusal !== undefined) {
      patch({ notice: error(refusal) });
      return;
    }
    const { key } = open;
    patch({ ...sent(uiRef.current), scroll: 0 });
    open.send(text).then(
      (item) => {
        if (key !== undefined) history.addIfMissing(key, item);
      },
      (caught: unknown) => patch({ notice: error(`Not sent: ${describeError(caught)} (↑ brings the text back)`) }),
    );
  };

  const submit = (): void => {
    const parsed = parseLine(uiRef.current.editor.text);
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
        patch(sent(uiRef.current));
        execute(parsed.command);
        return;
    }
  };

  const completions = () => {
    const { editor } = uiRef.current;
    const friends = contacts.filter((entry) => entry.contact.state === 'friend').map((entry) => entry.name);
    const members = open.people ?? [];
    const names = open.people ?? contacts.map((entry) => entry.name);
    return findCompletions(
      editor.text,
      editor.cursor,
      names,
      { friends, members, invites: groupsView.invites.map((invite) => invite.groupName) },
      { cwd: process.cwd(), home: homedir() },
    );
  };

  const switchBy = (step: 1 | -1): void => {
    const keys = [...contacts.map((entry) => entry.contact.onion), ...groups.map((entry) => entry.key)];
    if (keys.length === 0) return;
    const index = keys.indexOf(open.key ?? '');
    const next = keys[(index + step + keys.length) % keys.length];
    if (next !== undefined) select(next);
  };

  const switchTo = (number: number): void => {
    const key =
      number <= contacts.length ? contacts[number - 1]?.contact.onion : groups[number - contacts.length - 1]?.key;
    if (key === undefined) patch({ notice: error(`There is no conversation ${number} (the sidebar numbers them).`) });
    else select(key);
  };

  const scrollTo = (to: 'page-up' | 'page-down' | 'top' | 'bottom'): void => {
    const page = Math.max(1, messageRows - 1);
    const current = Math.min(uiRef.current.scroll, maxScroll);
    const next =
      to === 'page-up'
        ? Math.min(maxScroll, current + page)
        : to === 'page-down'
          ? Math.max(0, current - page)
          : to === 'top'
            ? maxScroll
            : 0;
    if ((to === 'page-up' || to === 'top') && next >= maxScroll) history.loadOlder();
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

  const onTransfersKey = (action: KeyAction): void => {
    const what = transferKeyAction(action);
    const list = transfersView.transfers;
    const index = Math.min(uiRef.current.transferIndex, Math.max(0, list.length - 1));
    const selected = list[index];
    if (what === 'close') patch({ overlay: undefined });
    else if (what === 'up' || what === 'down')
      patch({ transferIndex: Math.max(0, Math.min(list.length - 1, index + (what === 'up' ? -1 : 1))) });
    else if (what !== undefined && selected !== undefined)
      void runTransferAction(api, what, selected).then((notice) => patch({ notice }));
  };

  /** A key while an overlay is up; false when none is. */
  const onOverlayKey = (action: KeyAction, input: string): boolean => {
    const state = uiRef.current;
    switch (state.overlay) {
      case undefined:
        return false;
      case 'help':
        change(helpKey(action, input, state.helpScroll, maxHelpScroll(paneWidth, bodyRows), Math.max(1, bodyRows - 2)));
        return true;
      case 'address': {
        const what = addressKey(action, input);
        if (what === 'copy') copyAddress(true);
        else if (what === 'close') patch({ overlay: undefined });
        return true;
      }
      case 'members':
        change(membersKey(action, input));
        return true;
      case 'transfers':
        onTransfersKey(action);
        return true;
      case 'search':
        habits.onSearchKey(action);
        return true;
    }
  };

  const change = (next: Partial<UiState> | undefined): void => {
    if (next !== undefined) patch(next);
  };

  useKeyHandler((event) => {
    const state = uiRef.current;
    if (event.kind === 'paste') {
      if (state.overlay === undefined) change(inserted(state, event.text, event.length));
      return;
    }
    const { input, key } = event;
    const action = keyAction(input, key, { inputEmpty: state.editor.text === '' });
    if (action === undefined) return;
    if (action.type === 'quit') {
      onQuit();
      return;
    }
    if (onOverlayKey(action, input)) return;
    if (action.type !== 'complete' && state.completion !== undefined) patch({ completion: undefined });
    if (habits.onKey(action)) return;
    switch (action.type) {
      case 'send':
        submit();
        return;
      case 'newline':
        change(inserted(uiRef.current, '\n'));
        return;
      case 'insert':
        change(inserted(uiRef.current, action.text));
        return;
      case 'edit':
        patch(edited(uiRef.current, action.operation));
        return;
      case 'complete':
        change(completed(uiRef.current, action.step, completions));
        return;
      case 'up':
      case 'down':
        change(moved(uiRef.current, action.type));
        return;
      case 'conversation':
        switchBy(action.step);
        return;
      case 'conversation-number':
        switchTo(action.number);
        return;
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
    return (
      <AddressCard
        onion={view.status?.onion}
        width={width}
        height={height}
        keys="c copies the address (OSC 52) · Esc closes"
        notice={ui.addressNotice}
      />
    );
  }

  const friends = contacts.filter((entry) => entry.contact.state === 'friend');
  const paneStatus = history.loading
    ? 'loading…'
    : (history.error ??
      view.error ??
      groupsView.error ??
      (scroll > 0 && scroll >= maxScroll && history.hasOlder ? 'PageUp: older messages' : undefined));
  const members = ui.overlay === 'members' ? open.memberLines : undefined;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Box flexDirection="row" height={bodyRows}>
        {layout.sidebarWidth > 0 ? (
          <SidebarColumn
            contacts={contacts}
            loaded={view.loaded}
            groups={groups}
            invites={groupsView.invites.length}
            selected={open.key}
            width={layout.sidebarWidth}
            height={bodyRows}
            visibility={view.status?.visibility}
          />
        ) : null}
        {ui.overlay === 'help' ? (
          <HelpScreen scroll={ui.helpScroll} width={paneWidth} height={bodyRows} />
        ) : ui.overlay === 'search' && ui.search !== undefined ? (
          <SearchPane results={ui.search} selected={ui.searchIndex} width={paneWidth} height={bodyRows} />
        ) : ui.overlay === 'transfers' ? (
          <TransfersPane
            transfers={transfersView.transfers}
            selected={ui.transferIndex}
            nameOf={nameOf}
            width={paneWidth}
            height={bodyRows}
            status={transfersView.error}
          />
        ) : (
          <ConversationPane
            header={open.header}
            lines={members === undefined ? lines : members(paneWidth)}
            scroll={members === undefined ? scroll : 0}
            width={paneWidth}
            height={bodyRows}
            status={paneStatus}
            anchorTop={members !== undefined || open.anchorTop}
          />
        )}
      </Box>
      {layout.noticeLines.map((line, index) => (
        <Text key={index} color={layout.notice?.tone === 'error' ? 'red' : 'green'} wrap="truncate">
          {line}
        </Text>
      ))}
      <InputLine
        editor={ui.editor}
        width={width}
        inactive={ui.overlay !== undefined}
        top={bodyRows + layout.noticeLines.length}
      />
      <StatusBar
        tor={view.tor}
        friendsOnline={friends.filter((entry) => entry.contact.online).length}
        friends={friends.length}
        {...ownAddress(view.status)}
        width={width}
      />
    </Box>
  );
}

/**
 * Driving the real `burrow` UI in a {@link TmuxTerminal} as a person would: the first-run
 * onboarding, and reading the sidebar off the screen.
 */
import type { TmuxTerminal } from './tmux-terminal.js';

/** Deadline of one step that needs only this machine (typing, the passphrase's key derivation, drawing). */
export const LOCAL_STEP_MS = 60_000;
/** Deadline of one step that needs the Tor network (a tor bootstrapping, a first connection to an onion). */
export const NETWORK_STEP_MS = 90_000;

const ONION = /\b([a-z2-7]{56})\.onion\b/;

/**
 * Goes through onboarding (name, passphrase twice), reads the new onion address off the
 * address card, and continues to the main screen. Resolves to the address (no ".onion").
 */
export async function onboard(terminal: TmuxTerminal, name: string, passphrase: string): Promise<string> {
  await terminal.waitFor('the onboarding screen', (screen) => screen.includes('Your name:'), NETWORK_STEP_MS);
  await terminal.enter(name);
  await terminal.waitFor('the passphrase prompt', (screen) => screen.includes('Passphrase:'), LOCAL_STEP_MS);
  await terminal.enter(passphrase);
  await terminal.waitFor('the confirmation prompt', (screen) => screen.includes('Passphrase again:'), LOCAL_STEP_MS);
  await terminal.enter(passphrase);
  const card = await terminal.waitFor(
    'the address card',
    (screen) => screen.includes('Your Burrow address') && ONION.test(screen),
    LOCAL_STEP_MS,
  );
  const onion = ONION.exec(card)![1]!;
  await terminal.press('Enter');
  await terminal.waitFor('the main screen', (screen) => /\d+\/\d+ online/.test(screen), LOCAL_STEP_MS);
  return onion;
}

/** The sidebar (left of the separator) of a main-screen capture, one string per row, trimmed. */
export function sidebar(screen: string): string[] {
  return screen.split('\n').map((row) => (row.includes('│') ? (row.split('│')[0] ?? '').trim() : ''));
}

/** The conversation pane (right of the sidebar's separator) of a main-screen capture. */
export function pane(screen: string): string {
  return screen
    .split('\n')
    .map((row) => (row.includes('│') ? row.slice(row.indexOf('│') + 1) : row))
    .join('\n');
}

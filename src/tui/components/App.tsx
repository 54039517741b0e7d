/**
 * The whole TUI: first-run profile creation or unlock, the address card after creation, the
 * main screen, and a clean exit from anywhere (Ctrl+C or /quit: the node stops tor and saves,
 * and the UI says so while it waits).
 */
import { Box, Text, useApp } from 'ink';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { NodeApi } from '../../node/api.js';
import type { TuiBoot } from '../boot.js';
import { MainScreen } from './MainScreen.js';
import { Onboarding } from './Onboarding.js';
import type { TuiPreferences } from '../preferences.js';
import { safeNodeApi } from '../safe-node.js';
import type { TerminalEffects } from '../terminal-sequences.js';
import { KeyRouter } from './KeyRouter.js';
import { QuitKey } from './QuitKey.js';
import { Unlock } from './Unlock.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import { WelcomeScreen } from './WelcomeScreen.js';

/** Props of App. */
export interface AppProps {
  readonly boot: TuiBoot;
  readonly preferences: TuiPreferences;
  readonly effects: TerminalEffects;
  /** Aborting it quits as Ctrl+C does (runTui aborts it on SIGTERM, SIGHUP, SIGINT). */
  readonly quitSignal?: AbortSignal;
}

type Phase =
  | { readonly kind: 'onboarding' }
  | { readonly kind: 'unlock' }
  | { readonly kind: 'welcome'; readonly api: NodeApi }
  | { readonly kind: 'main'; readonly api: NodeApi }
  | { readonly kind: 'exiting' };

/** The whole TUI, from unlock (or profile creation) to exit. */
export function App({ boot, preferences, effects, quitSignal }: AppProps) {
  const { exit } = useApp();
  const size = useTerminalSize();
  const { columns, height } = size;
  const [phase, setPhase] = useState<Phase>(boot.profileExists ? { kind: 'unlock' } : { kind: 'onboarding' });
  const quitting = useRef(false);

  const quit = useCallback(() => {
    if (quitting.current) return;
    quitting.current = true;
    setPhase({ kind: 'exiting' });
    boot.onExit().then(
      () => exit(),
      (error: unknown) => exit(error instanceof Error ? error : new Error(String(error))),
    );
  }, [boot, exit]);

  useEffect(() => {
    if (quitSignal === undefined) return undefined;
    if (quitSignal.aborted) quit();
    quitSignal.addEventListener('abort', quit);
    return () => quitSignal.removeEventListener('abort', quit);
  }, [quitSignal, quit]);

  const create = async (name: string, passphrase: string): Promise<void> => {
    const api = await boot.createProfile(name, passphrase);
    if (!quitting.current) setPhase({ kind: 'welcome', api: safeNodeApi(api) });
  };
  const unlock = async (passphrase: string): Promise<void> => {
    const api = await boot.unlock(passphrase);
    if (!quitting.current) setPhase({ kind: 'main', api: safeNodeApi(api) });
  };

  return (
    <KeyRouter>
      <QuitKey onQuit={quit} isActive={phase.kind !== 'main'} />
      {screen()}
    </KeyRouter>
  );

  function screen() {
    switch (phase.kind) {
      case 'onboarding':
        return <Onboarding onCreate={create} width={columns} />;
      case 'unlock':
        return <Unlock onUnlock={unlock} width={columns} />;
      case 'welcome': {
        const { api } = phase;
        return (
          <WelcomeScreen
            api={api}
            effects={effects}
            onContinue={() => setPhase({ kind: 'main', api })}
            width={columns}
            height={height}
          />
        );
      }
      case 'main':
        return <MainScreen api={phase.api} preferences={preferences} effects={effects} onQuit={quit} size={size} />;
      case 'exiting':
        return (
          <Box>
            <Text color="yellow">Stopping Tor and saving…</Text>
          </Box>
        );
    }
  }
}

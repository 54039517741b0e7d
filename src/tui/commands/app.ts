/**
 * The commands about the program itself rather than a service: /set (notification settings,
 * kept in preferences), /address and /copy (our own onion address), /help and /quit.
 */
import { readSetting, SETTING_NAMES, SETTINGS, writeSetting, type SettingName } from '../preferences.js';
import {
  failure,
  info,
  noArguments,
  truncateWord,
  usageError,
  type CommandHelp,
  type SlashCommand,
} from './command.js';

const ON_WORDS = new Set(['on', 'yes', 'true', '1']);
const OFF_WORDS = new Set(['off', 'no', 'false', '0']);

const SET_HELP: CommandHelp = {
  usage: `/set [${SETTING_NAMES.join('|')}] [on|off]`,
  summary: 'show or change notification settings',
  section: {
    title: 'Settings (/set <name> on|off)',
    rows: SETTING_NAMES.map((name) => ({ left: name, right: SETTINGS[name].summary })),
  },
};

const set: SlashCommand<{ readonly name: 'set'; readonly setting?: SettingName; readonly value?: boolean }> = {
  name: 'set',
  aliases: [],
  help: SET_HELP,
  parse(rest) {
    if (rest === '') return { command: { name: 'set' } };
    const [name = '', value, extra] = rest.toLowerCase().split(/\s+/);
    const setting = SETTING_NAMES.find((candidate) => candidate === name);
    if (setting === undefined)
      return usageError(SET_HELP, `Unknown setting "${truncateWord(name)}" (settings: ${SETTING_NAMES.join(', ')})`);
    if (value === undefined) return { command: { name: 'set', setting } };
    if (extra !== undefined || (!ON_WORDS.has(value) && !OFF_WORDS.has(value)))
      return usageError(SET_HELP, `Say "on" or "off" for ${setting}`);
    return { command: { name: 'set', setting, value: ON_WORDS.has(value) } };
  },
  run(command, { preferences }) {
    if (command.setting === undefined) {
      return Promise.resolve(
        info(
          SETTING_NAMES.map((name) => `${name}: ${readSetting(preferences, name) ? 'on' : 'off'}`).join(', ') +
            '. Change with /set <name> on|off.',
        ),
      );
    }
    if (command.value === undefined)
      return Promise.resolve(
        info(`${command.setting} is ${readSetting(preferences, command.setting) ? 'on' : 'off'}.`),
      );
    writeSetting(preferences, command.setting, command.value);
    return Promise.resolve({
      ...info(`${command.setting} is now ${command.value ? 'on' : 'off'}.`),
      settingsChanged: true,
    });
  },
};

type Bare<N extends string> = SlashCommand<{ readonly name: N }>;

/** A command without arguments. */
function bare<N extends string>(name: N, aliases: readonly string[], help: CommandHelp, run: Bare<N>['run']): Bare<N> {
  return { name, aliases, help, parse: (rest) => noArguments({ name }, help, rest), run };
}

const address = bare(
  'address',
  ['myaddress'],
  { usage: '/address', summary: 'show your onion address with a QR code' },
  () => Promise.resolve({ show: 'address' }),
);

const copy = bare(
  'copy',
  [],
  { usage: '/copy', summary: 'copy your onion address to the clipboard (OSC 52)' },
  (_command, { ownOnion, effects }) => {
    if (ownOnion === undefined)
      return Promise.resolve(failure('Your address is not known yet: try again in a moment.'));
    effects.copyToClipboard(`${ownOnion}.onion`);
    return Promise.resolve(
      info('Address sent to the clipboard (needs a terminal with OSC 52). Alt+O shows it as plain text to select.'),
    );
  },
);

const help = bare('help', ['h'], { usage: '/help', summary: 'list every command and key' }, () =>
  Promise.resolve({ show: 'help' }),
);

const quit = bare('quit', ['exit', 'q'], { usage: '/quit', summary: 'stop tor, save everything and exit' }, () =>
  Promise.resolve({ quit: true }),
);

/** The program's commands, in the order /help lists them. */
export const APP_COMMANDS: readonly SlashCommand[] = [set, address, copy, help, quit];

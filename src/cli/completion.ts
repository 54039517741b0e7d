/**
 * `burrow completion bash|zsh|fish`: a script that makes the shell complete burrow's commands,
 * flags, and the contacts and groups of a running daemon. The scripts are thin: they ask
 * `burrow __complete` (cli/complete.ts), so a new ctl command completes without a new script.
 */
import { parseCommandArgs } from './args.js';
import { completeWords, type Candidate } from './complete.js';
import { helpRows } from './help-text.js';
import { UsageError } from './usage-error.js';

const SCRIPTS: Readonly<Record<string, string>> = {
  bash: `# burrow completion for bash. Add to ~/.bashrc:  source <(burrow completion bash)
_burrow() {
  local IFS=$'\\n' line
  COMPREPLY=()
  for line in $(burrow __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null); do
    COMPREPLY+=("\${line%%$'\\t'*}")
  done
}
complete -o default -F _burrow burrow
`,
  zsh: `#compdef burrow
# burrow completion for zsh. Add to ~/.zshrc (after compinit):  source <(burrow completion zsh)
_burrow() {
  local line
  local -a items
  for line in "\${(@f)$(burrow __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}"; do
    [[ -z $line ]] && continue
    items+=("\${\${line%%$'\\t'*}//:/\\\\:}:\${line#*$'\\t'}")
  done
  if (( \${#items} )); then _describe burrow items; else _files; fi
}
compdef _burrow burrow
`,
  fish: `# burrow completion for fish. Save as ~/.config/fish/completions/burrow.fish:
#   burrow completion fish > ~/.config/fish/completions/burrow.fish
function __burrow_complete
    set -l words (commandline -opc) (commandline -ct)
    burrow __complete $words[2..-1] 2>/dev/null
end
complete -c burrow -f -a '(__burrow_complete)'
for flag in profile testnet dir dest passphrase-file tor-cookie
    complete -c burrow -l $flag -r -F
end
`,
};

const HELP = `Usage: burrow completion bash|zsh|fish

Prints a script that makes your shell complete burrow's commands, subcommands
and flags, and the onion addresses and groups of your running daemon.

${helpRows([
  ['bash', 'add to ~/.bashrc:  source <(burrow completion bash)'],
  ['zsh', 'add to ~/.zshrc after compinit:  source <(burrow completion zsh)'],
  ['fish', 'burrow completion fish > ~/.config/fish/completions/burrow.fish'],
])}`;

export function runCompletionCommand(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs('completion', argv, { help: { type: 'boolean', short: 'h' } });
  if (values.help === true) {
    console.log(HELP);
    return Promise.resolve(0);
  }
  const [shell] = positionals;
  const script = shell !== undefined && positionals.length === 1 ? SCRIPTS[shell] : undefined;
  if (script === undefined)
    throw new UsageError(`name one shell: bash, zsh or fish. See \`burrow completion --help\`.`);
  process.stdout.write(script);
  return Promise.resolve(0);
}

/** `burrow __complete <words…>`: the shell scripts' helper (not in the help). */
export async function runCompleteCommand(argv: readonly string[], topCommands: readonly Candidate[]): Promise<number> {
  const candidates = await completeWords(argv.length === 0 ? [''] : argv, topCommands);
  process.stdout.write(candidates.map(([value, description]) => `${value}\t${description}\n`).join(''));
  return 0;
}

// Lint rules: typescript-eslint's type-aware recommended set, the habits docs/ARCHITECTURE.md "Conventions" asks
// for (no floating promises, no console in library code: logging goes through src/log.ts), and the layers of
// docs/ARCHITECTURE.md "Layers": what each folder of src/ may import. Import cycles are checked by dependency-cruiser
// (`npm run lint:cycles`, .dependency-cruiser.js), because import-x's no-cycle skips type-only imports.
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const root = import.meta.dirname;
const at = (glob) => path.join(root, glob);
/** no-restricted-paths wants every exception to be a glob when `from` is one: `src/log.ts` becomes `src/log.@(ts)`. */
const asGlob = (file) => (/[*?{}()[\]!]/.test(file) ? file : file.replace(/\.(tsx?)$/, '.@($1)'));

const SERVICES = ['chat', 'contacts', 'groups', 'files', 'relay', 'walls'];
const LAYERS = 'docs/ARCHITECTURE.md "Layers"';

/** The base every layer may use: the error class, the logger, neutral helpers. */
const BASE = ['src/errors.ts', 'src/log.ts', 'src/lib/**'];
/**
 * The session host's surface for features: the interfaces a feature implements or is handed (feature.ts,
 * contact-standing.ts, endpoint-book.ts), the API types, and the small helpers every feature's commands share. Nothing else of
 * src/node/ (links, sessions, dialing, dispatch) is a feature's business.
 */
const HOST_PORTS = [
  'src/node/feature.ts',
  'src/node/contact-standing.ts',
  'src/node/endpoint-book.ts',
  'src/node/api.ts',
  'src/node/history-options.ts',
  'src/node/command.ts',
  'src/node/errors.ts',
];
/** The session layer's typed errors: a feature's send rejects with SessionClosedError once the session closed. */
const SESSION_ERRORS = ['src/session/session-errors.ts'];
/** Every service's slice of the node API (types only): the one part of a service other folders may name. */
const SERVICE_APIS = ['src/*/feature/api.ts'];
/**
 * What one service's feature may name of another besides its API types: the errors callers match on, and the
 * ports a service declares for what it needs of others (app/compose.ts hands the implementations over).
 */
const SERVICE_PORTS = ['src/*/errors.ts', 'src/*/feature/ports.ts'];

/** A zone: files matching `target` may import from src/ only what `allowed` lists (and their own folder). */
function only(target, allowed, what) {
  return {
    target: [target].flat().map(at),
    from: at('src/**'),
    except: allowed.map(asGlob).map(at),
    message: `${what} (${LAYERS}).`,
  };
}

/** A zone: files matching `target` may not import what `forbidden` lists. */
function never(target, forbidden, what) {
  return { target: [target].flat().map(at), from: forbidden.map(at), message: `${what} (${LAYERS}).` };
}

const FRONT_ENDS = ['src/daemon/**', 'src/cli/**', 'src/tui/**', 'src/demo/**', 'src/runtime/**', 'src/testnet/**'];

const LAYER_ZONES = [
  // Base and lower layers: pure or I/O-only code that knows nothing of services, the node or front ends.
  only('src/errors.ts', ['src/errors.ts'], 'src/errors.ts is the base of everything and imports nothing of src/'),
  only('src/log.ts', ['src/log.ts', 'src/errors.ts'], 'src/log.ts imports only src/errors.ts'),
  only('src/lib/**', BASE, 'src/lib/ holds neutral helpers: it imports only errors, log and lib'),
  only(
    'src/text/**',
    [...BASE, 'src/text/**'],
    'src/text/ holds neutral text helpers: it imports only errors, log, lib and text',
  ),
  only('src/crypto/**', [...BASE, 'src/crypto/**'], 'src/crypto/ imports only errors, log, lib and crypto'),
  only(
    'src/protocol/**',
    [...BASE, 'src/crypto/**', 'src/protocol/**'],
    'src/protocol/ is the pure wire layer: it imports only errors, log, lib, crypto and protocol',
  ),
  only(
    'src/session/**',
    [...BASE, 'src/crypto/**', 'src/protocol/**', 'src/session/**'],
    'src/session/ imports only errors, log, lib, crypto, protocol and session (it runs on any Duplex, so not even transport)',
  ),
  only(
    'src/transport/**',
    [...BASE, 'src/crypto/**', 'src/transport/**'],
    'src/transport/ moves bytes between onion addresses: it imports only errors, log, lib, crypto and transport',
  ),
  only(
    'src/store/!(profile-store|schema).ts',
    [...BASE, 'src/crypto/**', 'src/store/**'],
    "src/store/ is storage infrastructure: only profile-store.ts and schema.ts may import the services' store/ folders",
  ),
  only(
    'src/store/@(profile-store|schema).ts',
    [...BASE, 'src/crypto/**', 'src/store/**', 'src/*/store/**'],
    'profile-store.ts composes the service repositories (src/<service>/store/) and nothing else of the services',
  ),

  // Services: a pure core, then disk/, store/, feature/ and ctl/ around it.
  ...SERVICES.flatMap((service) => {
    const dir = `src/${service}`;
    const core = `${dir}/*.ts`;
    const pure = [...BASE, 'src/crypto/**', 'src/protocol/**', core];
    // The download engine of files drives part files and chunk reads: its core may use its own disk/ layer.
    // Walls reuse the groups' epoch-key sealing and member display rather than a second copy of them.
    const coreAllowed =
      service === 'files'
        ? [...pure, `${dir}/disk/**`]
        : service === 'walls'
          ? [...pure, 'src/groups/epoch-key-seal.ts', 'src/groups/member-display.ts']
          : pure;
    return [
      only(
        core,
        coreAllowed,
        `${dir}/*.ts is the core of ${service}: it imports only errors, log, lib, crypto, protocol and its own core${service === 'files' ? ' (and its disk/ layer)' : service === 'walls' ? " (and the groups' epoch-key sealing and member display)" : ''}`,
      ),
      only(`${dir}/disk/**`, [...pure, `${dir}/disk/**`], `${dir}/disk/ imports only the pure layers and its own core`),
      only(
        `${dir}/store/**`,
        [...pure, 'src/store/**', `${dir}/store/**`],
        `${dir}/store/ imports only the pure layers, src/store/ and its own core`,
      ),
      only(
        `${dir}/feature/**`,
        [
          ...pure,
          'src/store/**',
          `${dir}/disk/**`,
          `${dir}/store/**`,
          `${dir}/feature/**`,
          ...HOST_PORTS,
          ...SESSION_ERRORS,
          ...SERVICE_APIS,
          ...SERVICE_PORTS,
        ],
        `${dir}/feature/ talks to the session host only through its ports (node/feature.ts and the few modules beside it), and to other services only through interfaces app/compose.ts hands it (their feature/api.ts types, feature/ports.ts interfaces and errors.ts at most)`,
      ),
      only(
        `${dir}/ctl/**`,
        [
          ...BASE,
          'src/text/**',
          'src/crypto/onion-address.ts',
          core,
          `${dir}/ctl/**`,
          'src/node/api.ts',
          ...SERVICE_APIS,
          'src/*/ctl/format.ts',
          'src/daemon/method.ts',
          'src/daemon/params.ts',
          'src/daemon/client.ts',
          'src/cli/ctl-command.ts',
          'src/cli/lifecycle-verbs.ts',
          'src/cli/usage-error.ts',
        ],
        `${dir}/ctl/ drives the node API through the daemon: it imports node API types, the daemon's method/params/client, the ctl command type, other ctl formatters and text/`,
      ),
    ];
  }),

  // The session host, the composition root, the front ends.
  only(
    ['src/node/**/!(api).ts'],
    [...BASE, 'src/crypto/**', 'src/protocol/**', 'src/session/**', 'src/transport/**', 'src/store/**', 'src/node/**'],
    'src/node/ is only the session host: it imports no service, no app and no front end',
  ),
  only(
    'src/node/api.ts',
    [...BASE, 'src/node/**', ...SERVICE_APIS],
    "src/node/api.ts assembles the node API from the services' feature/api.ts types and imports nothing else of them",
  ),
  never('src/app/**', FRONT_ENDS, 'src/app/ is the composition root under the front ends: it never imports them'),
  only(
    'src/tui/**',
    [...BASE, 'src/tui/**', 'src/node/api.ts', ...SERVICE_APIS, 'src/text/**', 'src/crypto/onion-address.ts'],
    'the TUI imports only node API types (node/api.ts, <service>/feature/api.ts), text/ and crypto/onion-address.ts',
  ),
  only(
    'src/daemon/**',
    [...BASE, 'src/text/**', 'src/daemon/**', 'src/node/api.ts', ...SERVICE_APIS, 'src/*/ctl/daemon-methods.ts'],
    "the daemon serves the node API: it imports node API types and the services' daemon-methods.ts tables",
  ),
  only(
    'src/testnet/**',
    [...BASE, 'src/transport/**', 'src/testnet/**'],
    'src/testnet/ imports only errors, log, lib, transport and testnet',
  ),
  never(
    'src/runtime/**',
    ['src/cli/**', 'src/tui/**', 'src/daemon/**', 'src/demo/**'],
    'src/runtime/ never imports cli, tui, daemon or demo',
  ),
  never('src/demo/**', ['src/cli/**', 'src/tui/**', 'src/daemon/**'], 'src/demo/ never imports cli, tui or daemon'),
];

/** Modules that do I/O: never imported by pure code (lib, text, crypto, protocol, the services' cores). */
const IO_MODULES = [
  'fs',
  'fs/promises',
  'net',
  'tty',
  'child_process',
  'dgram',
  'http',
  'https',
  'http2',
  'tls',
  'readline',
  'worker_threads',
  'os',
];
const PURE_FORBIDDEN = [
  ...IO_MODULES.flatMap((name) => [name, `node:${name}`]).map((name) => ({
    name,
    message: `pure code does no I/O (${LAYERS}).`,
  })),
  ...['better-sqlite3-multiple-ciphers', 'conf', 'socks', 'ink', 'react'].map((name) => ({
    name,
    message: `pure code does no I/O and draws nothing (${LAYERS}).`,
  })),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { arguments: false, attributes: false } },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx', 'test/**/*.ts', 'test/**/*.tsx', 'bench/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: at('tsconfig.json') })] },
    rules: {
      // no-restricted-paths skips an import it cannot resolve: this keeps the resolver honest.
      'import-x/no-unresolved': 'error',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: root, zones: LAYER_ZONES }] },
  },
  {
    files: [
      'src/lib/**',
      'src/text/**',
      'src/crypto/**',
      'src/protocol/**',
      ...SERVICES.map((service) => `src/${service}/*.ts`),
    ],
    rules: { 'no-restricted-imports': ['error', { paths: PURE_FORBIDDEN }] },
  },
  {
    files: ['bin/**', 'src/cli/**', 'src/*/ctl/**', 'bench/**', 'test/**', '*.js'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  { files: ['*.js', 'bin/*.js'], ...tseslint.configs.disableTypeChecked, languageOptions: { globals: globals.node } },
);

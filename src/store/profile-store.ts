/**
 * An open profile: the repositories over one encrypted SQLite connection. Obtain one from
 * `createProfile` or `openProfile` (profile.ts); close it when done so the WAL is folded back
 * into the database and the lock is released.
 */
import { ProfileCorruptError } from './errors.js';
import { ContactsRepository } from '../contacts/store/contacts-repository.js';
import { EndpointsRepository } from '../contacts/store/endpoints-repository.js';
import { FilesRepository } from '../files/store/files-repository.js';
import { GroupsRepository } from '../groups/store/groups-repository.js';
import { IdentityRepository } from './identity-repository.js';
import { MessagesRepository } from '../chat/store/messages-repository.js';
import { LifecycleRepository } from '../chat/store/lifecycle-repository.js';
import { migrate } from './migrations.js';
import { MIGRATIONS } from './schema.js';
import { OutboxRepository } from '../chat/store/outbox-repository.js';
import { ProtectedPreferences } from './protected-preferences.js';
import { RelayRepository } from '../relay/store/relay-repository.js';
import { SettingsRepository } from './settings-repository.js';
import { WallsRepository } from '../walls/store/walls-repository.js';
import { Sql } from './sql.js';
import { translateSqliteError, type SqliteDatabase, type StoreContext } from './sqlite.js';

/** An open profile. All methods are synchronous; every write commits durably before it returns. */
export class ProfileStore {
  /** The profile directory. */
  readonly dir: string;
  /** The profile's own identity. */
  readonly identity: IdentityRepository;
  readonly contacts: ContactsRepository;
  /** Private endpoints per friend: ours and theirs. */
  readonly endpoints: EndpointsRepository;
  readonly messages: MessagesRepository;
  readonly outbox: OutboxRepository;
  /** 1:1 chat's edits, deletes, reactions and disappearing timers. */
  readonly chatLifecycle: LifecycleRepository;
  readonly groups: GroupsRepository;
  /** The offline relay's held envelopes, inbox and outgoing envelopes. */
  readonly relay: RelayRepository;
  /** File sharing: manifests, shares, offers, downloads. */
  readonly files: FilesRepository;
  /** Walls: epoch keys, readers of our epochs, items. */
  readonly walls: WallsRepository;
  /** The preferences that decide what peers may do to us (never preferences.json). */
  readonly preferences: ProtectedPreferences;

  readonly #db: SqliteDatabase;
  readonly #sql: Sql;
  readonly #context: StoreContext;
  readonly #onClose: (() => void) | undefined;

  private constructor(db: SqliteDatabase, context: StoreContext, onClose: (() => void) | undefined) {
    this.dir = context.dir;
    this.#db = db;
    this.#context = context;
    this.#onClose = onClose;
    this.#sql = new Sql(db, context);
    this.identity = new IdentityRepository(this.#sql);
    this.contacts = new ContactsRepository(this.#sql);
    this.endpoints = new EndpointsRepository(this.#sql);
    this.messages = new MessagesRepository(this.#sql);
    this.outbox = new OutboxRepository(this.#sql);
    this.chatLifecycle = new LifecycleRepository(this.#sql);
    this.groups = new GroupsRepository(this.#sql);
    this.relay = new RelayRepository(this.#sql);
    this.files = new FilesRepository(this.#sql);
    this.walls = new WallsRepository(this.#sql);
    this.preferences = new ProtectedPreferences(new SettingsRepository(this.#sql));
  }

  /**
   * Wraps a connection opened by `openDatabase`: applies pending migrations, then prepares the
   * repositories. On failure the connection is closed. For profile.ts and the benchmark.
   * @internal
   */
  static attach(db: SqliteDatabase, context: StoreContext, options: { onClose?: () => void } = {}): ProfileStore {
    try {
      migrate(new Sql(db, context), context.dir, MIGRATIONS);
      return new ProfileStore(db, context, options.onClose);
    } catch (error) {
      db.close();
      throw translateSqliteError(error, context);
    }
  }

  /**
   * Runs `fn` atomically: e.g. store a message and queue it in the outbox, so a crash leaves
   * both or neither. `fn` must be synchronous. Nested calls become savepoints.
   *
   * @example store.transaction(() => { store.messages.insertIfAbsent(message); store.outbox.enqueue(message.id, now); });
   */
  transaction<T>(fn: () => T): T {
    return this.#sql.transaction(fn);
  }

  /**
   * Reads every page and checks the database's structure (`PRAGMA quick_check`, which with the
   * ChaCha20-Poly1305 codec also verifies every page's tag; takes about a second per 100 MB), or
   * with `full` also every index against its table (`PRAGMA integrity_check`, slower).
   * Throws {@link ProfileCorruptError} on damage; for `burrow doctor`-style checks, not every open.
   */
  checkIntegrity(depth: 'quick' | 'full' = 'quick'): void {
    const pragma = depth === 'full' ? 'integrity_check' : 'quick_check';
    const rows = this.#sql.guard(() => this.#db.pragma(pragma) as Record<string, string>[]);
    const problems = rows.map((row) => row[pragma]).filter((line) => line !== 'ok');
    if (problems.length > 0)
      throw new ProfileCorruptError(this.dir, `integrity check failed: ${problems.slice(0, 3).join('; ')}`);
  }

  /**
   * Folds the WAL into the database and truncates it to nothing, so the older copies of pages
   * that held edited, deleted or expired text leave the WAL too (`secure_delete` already zeroed
   * them in the database). Call after such a change has committed, outside a transaction.
   */
  scrub(): void {
    this.#sql.guard(() => this.#db.pragma('wal_checkpoint(TRUNCATE)'));
  }

  /** Whether {@link close} was called. */
  get closed(): boolean {
    return !this.#db.open;
  }

  /** Checkpoints the WAL into the database, closes it and releases the lock. Idempotent. */
  close(): void {
    if (!this.#db.open) return;
    try {
      this.#db.close();
    } catch (error) {
      throw translateSqliteError(error, this.#context);
    } finally {
      this.#onClose?.();
    }
  }
}

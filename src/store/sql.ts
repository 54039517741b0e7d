/**
 * A thin layer over a better-sqlite3 connection that every repository uses: prepared statements
 * whose calls throw only the store's typed errors, and synchronous transactions.
 */
import type Database from 'better-sqlite3-multiple-ciphers';
import { translateSqliteError, type SqliteDatabase, type StoreContext } from './sqlite.js';

/** A value SQLite binds: TEXT, INTEGER/REAL, BLOB (as a Buffer) or NULL. */
export type SqlValue = string | number | bigint | Buffer | null;
/** Named parameters (`@name` in the SQL). */
export type SqlParams = Readonly<Record<string, SqlValue>>;

/** One prepared statement. Rows are typed by the repository that wrote the SQL. */
export class Query<Row> {
  readonly #statement: Database.Statement<unknown[], Row>;
  readonly #sql: Sql;

  constructor(statement: Database.Statement<unknown[], Row>, sql: Sql) {
    this.#statement = statement;
    this.#sql = sql;
  }

  /** The first row, or undefined. */
  get(params?: SqlParams): Row | undefined {
    return this.#sql.guard(() => (params === undefined ? this.#statement.get() : this.#statement.get(params)));
  }

  /** All rows. */
  all(params?: SqlParams): Row[] {
    return this.#sql.guard(() => (params === undefined ? this.#statement.all() : this.#statement.all(params)));
  }

  /** Runs a write; returns the number of rows changed. */
  run(params?: SqlParams): number {
    return this.#sql.guard(() => (params === undefined ? this.#statement.run() : this.#statement.run(params)).changes);
  }
}

/** The connection as repositories see it. */
export class Sql {
  readonly #db: SqliteDatabase;
  readonly #context: StoreContext;

  constructor(db: SqliteDatabase, context: StoreContext) {
    this.#db = db;
    this.#context = context;
  }

  /** Prepares `source` once; call it at repository construction. */
  prepare<Row>(source: string): Query<Row> {
    return new Query(
      this.guard(() => this.#db.prepare<unknown[], Row>(source)),
      this,
    );
  }

  /** Runs a script of statements without parameters (schema changes). */
  exec(source: string): void {
    this.guard(() => this.#db.exec(source));
  }

  /** Runs `fn`, translating any SQLite error into a typed one. */
  guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw translateSqliteError(error, this.#context);
    }
  }

  /**
   * Runs `fn` in one transaction: all of its writes commit together (durably, see sqlite.ts) or,
   * if it throws, none do. Nested calls become savepoints. `fn` must be synchronous: SQLite's
   * transaction would otherwise commit before the awaited work ran.
   */
  transaction<T>(fn: () => T): T {
    const run = this.#db.transaction((): T => {
      const result = fn();
      if (typeof (result as { then?: unknown } | null)?.then === 'function') {
        throw new TypeError('transaction callbacks must be synchronous (it returned a promise)');
      }
      return result;
    });
    return this.guard(() => run());
  }
}

/** A Uint8Array as the Buffer better-sqlite3 binds as a BLOB (no copy). */
export function blob(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

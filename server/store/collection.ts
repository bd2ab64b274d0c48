import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

export interface Column<T> {
  name: string;
  type: 'TEXT' | 'INTEGER';
  value: (doc: T) => SQLInputValue;
  index?: boolean;
}

export interface FindOptions {
  order?: string;
  limit?: number;
  offset?: number;
}

/**
 * A table of JSON documents keyed by `_id`, with a few columns extracted from the document for indexing and
 * filtering. Queries take SQL fragments over those columns (and `doc` through SQLite's JSON functions).
 */
export class Collection<T extends { _id: string }> {
  readonly #db: DatabaseSync;
  readonly #table: string;
  readonly #columns: Column<T>[];
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync, table: string, columns: Column<T>[], uniques: string[][] = []) {
    this.#db = db;
    this.#table = table;
    this.#columns = columns;
    const columnSql = columns.map((c) => `${c.name} ${c.type}`).join(', ');
    db.exec(`CREATE TABLE IF NOT EXISTS ${table} (id TEXT PRIMARY KEY, ${columnSql}${columnSql ? ', ' : ''}doc TEXT NOT NULL)`);
    for (const column of columns) {
      if (column.index) db.exec(`CREATE INDEX IF NOT EXISTS ${table}_${column.name} ON ${table}(${column.name})`);
    }
    for (const unique of uniques) {
      db.exec(`CREATE UNIQUE INDEX IF NOT EXISTS ${table}_u_${unique.join('_')} ON ${table}(${unique.join(', ')})`);
    }
  }

  #prepare(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  get(id: string): T | undefined {
    const row = this.#prepare(`SELECT doc FROM ${this.#table} WHERE id = ?`).get(id);
    return row ? (JSON.parse(row.doc as string) as T) : undefined;
  }

  findOne(where: string, params: SQLInputValue[] = [], options: Omit<FindOptions, 'limit'> = {}): T | undefined {
    return this.find(where, params, { ...options, limit: 1 })[0];
  }

  find(where: string, params: SQLInputValue[] = [], options: FindOptions = {}): T[] {
    let sql = `SELECT doc FROM ${this.#table} WHERE ${where}`;
    if (options.order) sql += ` ORDER BY ${options.order}`;
    if (options.limit !== undefined) sql += ` LIMIT ${Math.max(0, Math.floor(options.limit))}`;
    if (options.offset) sql += ` OFFSET ${Math.max(0, Math.floor(options.offset))}`;
    return this.#prepare(sql).all(...params).map((row) => JSON.parse(row.doc as string) as T);
  }

  count(where: string, params: SQLInputValue[] = []): number {
    const row = this.#prepare(`SELECT COUNT(*) AS n FROM ${this.#table} WHERE ${where}`).get(...params);
    return Number(row?.n ?? 0);
  }

  insert(doc: T): T {
    const names = ['id', ...this.#columns.map((c) => c.name), 'doc'];
    const sql = `INSERT INTO ${this.#table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
    this.#prepare(sql).run(doc._id, ...this.#columns.map((c) => c.value(doc)), JSON.stringify(doc));
    return doc;
  }

  replace(doc: T): T {
    const sets = [...this.#columns.map((c) => `${c.name} = ?`), 'doc = ?'].join(', ');
    this.#prepare(`UPDATE ${this.#table} SET ${sets} WHERE id = ?`).run(
      ...this.#columns.map((c) => c.value(doc)),
      JSON.stringify(doc),
      doc._id,
    );
    return doc;
  }

  delete(id: string): boolean {
    return Number(this.#prepare(`DELETE FROM ${this.#table} WHERE id = ?`).run(id).changes) > 0;
  }

  deleteWhere(where: string, params: SQLInputValue[] = []): number {
    return Number(this.#prepare(`DELETE FROM ${this.#table} WHERE ${where}`).run(...params).changes);
  }
}

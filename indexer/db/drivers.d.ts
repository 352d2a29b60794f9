// The two drivers ship no types and @types/* are not installed; these are the calls the indexer makes.
declare module "better-sqlite3" {
  interface Statement {
    get(...params: unknown[]): unknown;
    run(...params: unknown[]): unknown;
    all(...params: unknown[]): unknown[];
    /** Integers as bigint (true) rather than number. */
    safeIntegers(on?: boolean): this;
    /** Rows as arrays of values in column order (true) rather than objects. */
    raw(on?: boolean): this;
    /** The result columns; type is the declared type of a table column, null for an expression. */
    columns(): { name: string; column: string | null; table: string | null; type: string | null }[];
  }
  class Database {
    constructor(file: string, options?: { readonly?: boolean; fileMustExist?: boolean });
    pragma(sql: string): unknown;
    exec(sql: string): this;
    prepare(sql: string): Statement;
    close(): void;
  }
  export default Database;
}
declare module "pg" {
  interface QueryResult { rows: any[]; rowCount: number | null }
  class Client {
    constructor(config: { connectionString: string });
    connect(): Promise<void>;
    query(sql: string, params?: unknown[]): Promise<QueryResult>;
    end(): Promise<void>;
  }
  const pg: { Client: typeof Client };
  export default pg;
}

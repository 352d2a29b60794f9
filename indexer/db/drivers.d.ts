// The two drivers ship no types and @types/* are not installed; these are the calls indexer/db makes.
declare module "better-sqlite3" {
  interface Statement { get(...params: unknown[]): unknown; run(...params: unknown[]): unknown; all(...params: unknown[]): unknown[] }
  class Database {
    constructor(file: string);
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

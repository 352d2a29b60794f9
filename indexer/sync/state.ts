/**
 * The working set of one batch of blocks: the rows its events touch, loaded up front with one
 * query per table, changed in memory by the handlers, and written back with one delete and one
 * createMany per table. Prisma costs about a millisecond per query here whatever the row count,
 * so a batch costs a few dozen queries instead of several per event.
 *
 * Two kinds of mutable rows: keyed rows (one key column: a node, a File Hash, a piece, ...) and the
 * rows of a deal (its Deal rows, one per time it was stored, its slots, candidates and whitelist
 * rules), loaded and rewritten per dealId.
 *
 * Reorgs: for an unfinalised block the rows as loaded (the state before the block) go into the
 * Undo table as JSON; rollback (undo.ts) writes them back. Append-only rows (periods, faults,
 * claims, SCAN slashes) carry their block number and are simply deleted.
 */
import type {
  Account, Candidate, Channel, Deal, DnsHeader, DnsUrl, Fault, File, Node, Period, Piece, RewardClaim, ScanNode, ScanSlash, Setting, Slot,
  UserSpace, WhitelistRule,
} from "../db/generated/sqlite/client.js";
import type { Dialect, Tx } from "../db/index.js";

export interface KeyedRows {
  account: Account;
  node: Node;
  file: File;
  piece: Piece;
  userSpace: UserSpace;
  dnsHeader: DnsHeader;
  dnsUrl: DnsUrl;
  channel: Channel;
  setting: Setting;
  scanNode: ScanNode;
}
/** Tables whose rows belong to one dealId; loaded and rewritten per dealId. */
export interface DealRows {
  deal: Deal;
  slot: Slot;
  candidate: Candidate;
  whitelistRule: WhitelistRule;
}
export type NewRow<T> = Omit<T, "id">;
export interface AppendRows {
  period: NewRow<Period>;
  fault: NewRow<Fault>;
  rewardClaim: NewRow<RewardClaim>;
  scanSlash: NewRow<ScanSlash>;
}
export type KeyedModel = keyof KeyedRows;
export type DealModel = keyof DealRows;
export type AppendModel = keyof AppendRows;

export const KEY_FIELD: { [M in KeyedModel]: keyof KeyedRows[M] & string } = {
  account: "evm", node: "address", file: "fileHash", piece: "key", userSpace: "owner",
  dnsHeader: "headerHash", dnsUrl: "nameHash", channel: "channelId", setting: "key", scanNode: "address",
};
export const DEAL_MODELS: DealModel[] = ["deal", "slot", "candidate", "whitelistRule"];
/** What tells apart two rows of one dealId. */
export const DEAL_SUBKEY: { [M in DealModel]: (row: DealRows[M]) => string } = {
  deal: (r) => String(r.seq),
  slot: (r) => `${r.seq}/${r.node}`,
  candidate: (r) => `${r.seq}/${r.position}`,
  whitelistRule: (r) => r.addr,
};
export const APPEND_MODELS: AppendModel[] = ["period", "fault", "rewardClaim", "scanSlash"];

/** Keys a batch needs loaded. */
export class Needs {
  keyed = new Map<KeyedModel, Set<string>>();
  deals = new Set<string>();
  add(model: KeyedModel, key: string) {
    let set = this.keyed.get(model);
    if (!set) this.keyed.set(model, (set = new Set()));
    set.add(key);
  }
}

/** JSON that keeps bigint columns (block numbers) as bigint through the undo log. */
export const undoJson = {
  stringify: (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? { $bigint: x.toString() } : x)),
  parse: (s: string) => JSON.parse(s, (_k, x) => (x && typeof x === "object" && typeof x.$bigint === "string" ? BigInt(x.$bigint) : x)),
};

/** Bind parameters per Prisma query: its SQLite driver adapter refuses more than 999 (P2029). */
const CHUNK = 900;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function tableName(dialect: Dialect, model: string) {
  return `${dialect.schema ? `"${dialect.schema.replace(/"/g, '""')}".` : ""}"${model[0].toUpperCase()}${model.slice(1)}"`;
}

/**
 * Which of `keys` (values of the text column `field`) have rows in `model`. Prisma spends ~50 us
 * per bound value, raw queries included, so the keys go as one JSON parameter; the rows themselves
 * are then read through Prisma (which maps booleans and bigints), and a backfill mostly meets new
 * keys.
 */
async function existingKeys(tx: Tx, dialect: Dialect, model: string, field: string, keys: string[]): Promise<string[]> {
  if (!keys.length) return [];
  const rows = await tx.$queryRawUnsafe<{ k: string }[]>(
    `SELECT DISTINCT "${field}" AS k FROM ${tableName(dialect, model)} WHERE "${field}" IN (${jsonList(dialect)})`, JSON.stringify(keys));
  return rows.map((r) => r.k);
}

/** SQL for the elements of a JSON array of strings bound as the first parameter. */
const jsonList = (dialect: Dialect) => (dialect.kind === "postgres" ? "SELECT json_array_elements_text($1::json)" : "SELECT value FROM json_each(?)");

/** Deletes the rows whose text column `field` is one of `keys`, in one statement. */
async function deleteRows(tx: Tx, dialect: Dialect, model: string, field: string, keys: string[]) {
  if (keys.length) await tx.$executeRawUnsafe(`DELETE FROM ${tableName(dialect, model)} WHERE "${field}" IN (${jsonList(dialect)})`, JSON.stringify(keys));
}

/**
 * Inserts rows with one INSERT ... SELECT over a JSON array of them, bound as a single parameter:
 * Prisma's createMany spends ~40 us per bound value planning and mapping (4,600 holders: 3.9 s) and
 * SQLite caps a statement at 999 of them. PostgreSQL casts each field to its column's type
 * (json_populate_recordset); SQLite stores what json_extract yields (bigints go as decimal strings
 * and the INTEGER column's affinity turns them back into integers; true/false become 1/0, which is
 * how Prisma stores a Boolean there).
 */
async function insertRows(tx: Tx, dialect: Dialect, model: string, rows: object[]) {
  if (!rows.length) return;
  // Every column any row names; a row lacking one inserts NULL there (no default), so handlers spell out whole rows.
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const table = tableName(dialect, model);
  const cols = columns.map((c) => `"${c}"`).join(", ");
  const json = JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  const sql = dialect.kind === "postgres"
    ? `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${table}, $1::json)`
    : `INSERT INTO ${table} (${cols}) SELECT ${columns.map((c) => `json_extract(value, '$."${c}"')`).join(", ")} FROM json_each(?)`;
  await tx.$executeRawUnsafe(sql, json);
}

// Prisma's delegates share no common type across models; this is the one untyped corner.
type AnyDelegate = {
  findMany(args: unknown): Promise<any[]>;
  deleteMany(args: unknown): Promise<unknown>;
  createMany(args: unknown): Promise<unknown>;
};
export function delegate(tx: Tx, model: string): AnyDelegate {
  return (tx as unknown as Record<string, AnyDelegate>)[model];
}

export class WorkingSet {
  private keyed = new Map<KeyedModel, Map<string, unknown | null>>();
  private keyedBefore = new Map<KeyedModel, Map<string, unknown | null>>();
  private keyedChanged = new Map<KeyedModel, Set<string>>();
  private dealRows = new Map<DealModel, Map<string, Map<string, unknown>>>();
  private dealBefore = new Map<DealModel, Map<string, unknown[]>>();
  private dealChanged = new Map<DealModel, Set<string>>();
  private appended: { [M in AppendModel]: AppendRows[M][] } = { period: [], fault: [], rewardClaim: [], scanSlash: [] };

  async load(tx: Tx, dialect: Dialect, needs: Needs) {
    // Deals first: an event that names only a dealId (FileDeleted, ...) also changes its File Hash's row.
    const deals = [...needs.deals];
    for (const model of DEAL_MODELS) {
      const byDeal = new Map<string, Map<string, unknown>>();
      for (const d of deals) byDeal.set(d, new Map());
      for (const part of chunks(await existingKeys(tx, dialect, model, "dealId", deals))) {
        for (const row of await delegate(tx, model).findMany({ where: { dealId: { in: part } } })) {
          byDeal.get(row.dealId)!.set(DEAL_SUBKEY[model](row), row);
        }
      }
      this.dealRows.set(model, byDeal);
      this.dealBefore.set(model, new Map([...byDeal].map(([d, rows]) => [d, [...rows.values()]])));
    }
    for (const rows of this.dealRows.get("deal")!.values()) for (const d of rows.values()) needs.add("file", (d as Deal).fileHash);
    for (const [model, keys] of needs.keyed) {
      const field = KEY_FIELD[model];
      const rows = new Map<string, unknown | null>();
      for (const key of keys) rows.set(key, null);
      for (const part of chunks(await existingKeys(tx, dialect, model, field, [...keys]))) {
        for (const row of await delegate(tx, model).findMany({ where: { [field]: { in: part } } })) rows.set(row[field], row);
      }
      this.keyed.set(model, rows);
      this.keyedBefore.set(model, new Map(rows));
    }
  }

  get<M extends KeyedModel>(model: M, key: string): KeyedRows[M] | null {
    const rows = this.keyed.get(model);
    if (!rows?.has(key)) throw new Error(`bug: ${model} ${key} was not loaded for this batch`);
    return rows.get(key) as KeyedRows[M] | null;
  }

  put<M extends KeyedModel>(model: M, row: KeyedRows[M]) {
    const key = String(row[KEY_FIELD[model]]);
    this.get(model, key); // must have been loaded, so the before-image is known
    this.keyed.get(model)!.set(key, row);
    this.markKeyed(model, key);
  }

  /** Changes some fields of an existing row; a no-op when the row does not exist. */
  patch<M extends KeyedModel>(model: M, key: string, change: (row: KeyedRows[M]) => Partial<KeyedRows[M]>) {
    const row = this.get(model, key);
    if (row) this.put(model, { ...row, ...change(row) });
  }

  remove(model: KeyedModel, key: string) {
    this.get(model, key);
    this.keyed.get(model)!.set(key, null);
    this.markKeyed(model, key);
  }

  private markKeyed(model: KeyedModel, key: string) {
    let set = this.keyedChanged.get(model);
    if (!set) this.keyedChanged.set(model, (set = new Set()));
    set.add(key);
  }

  /** The rows of one dealId in `model`, by subkey; changes go through putIn/removeIn. */
  rowsOf<M extends DealModel>(model: M, dealId: string): Map<string, DealRows[M]> {
    const rows = this.dealRows.get(model)?.get(dealId);
    if (!rows) throw new Error(`bug: ${model} rows of ${dealId} were not loaded for this batch`);
    return rows as Map<string, DealRows[M]>;
  }

  putIn<M extends DealModel>(model: M, row: DealRows[M]) {
    this.rowsOf(model, row.dealId).set(DEAL_SUBKEY[model](row), row);
    this.markDeal(model, row.dealId);
  }

  removeIn(model: DealModel, dealId: string, subkey?: string) {
    const rows = this.rowsOf(model, dealId);
    if (subkey === undefined) rows.clear();
    else rows.delete(subkey);
    this.markDeal(model, dealId);
  }

  private markDeal(model: DealModel, dealId: string) {
    let set = this.dealChanged.get(model);
    if (!set) this.dealChanged.set(model, (set = new Set()));
    set.add(dealId);
  }

  /** Rows of `model` changed in this batch, as they are now (e.g. the slots to publish after the commit). */
  changedIn<M extends DealModel>(model: M): DealRows[M][] {
    return [...(this.dealChanged.get(model) ?? [])].flatMap((d) => [...this.rowsOf(model, d).values()]);
  }

  append<M extends AppendModel>(model: M, row: AppendRows[M]) {
    this.appended[model].push(row);
  }

  /** Rows appended in this batch (newest last), e.g. to join two events of one transaction. */
  appendedRows<M extends AppendModel>(model: M): AppendRows[M][] {
    return this.appended[model];
  }

  /**
   * Writes every change. With `undoBlock`, records the before-images under that block number so
   * a reorg can restore them; finalised batches skip it.
   */
  async flush(tx: Tx, dialect: Dialect, undoBlock?: bigint) {
    const undo: { blockNumber: bigint; model: string; key: string; before: string | null }[] = [];
    for (const [model, keys] of this.keyedChanged) {
      const field = KEY_FIELD[model];
      const rows = this.keyed.get(model)!;
      const list = [...keys];
      await deleteRows(tx, dialect, model, field, list);
      await insertRows(tx, dialect, model, list.map((k) => rows.get(k)).filter((r) => r !== null) as object[]);
      if (undoBlock !== undefined) {
        const before = this.keyedBefore.get(model)!;
        for (const k of list) {
          const b = before.get(k);
          undo.push({ blockNumber: undoBlock, model, key: undoJson.stringify({ [field]: k }), before: undoJson.stringify(b === null ? [] : [b]) });
        }
      }
    }
    for (const [model, deals] of this.dealChanged) {
      const list = [...deals];
      await deleteRows(tx, dialect, model, "dealId", list);
      await insertRows(tx, dialect, model, list.flatMap((d) => [...this.dealRows.get(model)!.get(d)!.values()]) as object[]);
      if (undoBlock !== undefined) {
        const before = this.dealBefore.get(model)!;
        for (const d of list) undo.push({ blockNumber: undoBlock, model, key: undoJson.stringify({ dealId: d }), before: undoJson.stringify(before.get(d)) });
      }
    }
    for (const model of APPEND_MODELS) await insertRows(tx, dialect, model, this.appended[model]);
    await insertRows(tx, dialect, "undo", undo);
  }
}

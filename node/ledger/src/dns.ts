/**
 * Names in the DNSRegistry: headers (the "protocol" of header://url) and urls in the spec's four
 * registration modes, with bind, update, transfer, delete and query. A name is written as the
 * user types it: "header" for a header, "header://url" for a url. Registration failures report
 * 55040 DSP_URL_REGISTER_FAILED, changes 55041 DSP_URL_BIND_FAILED, lookups 55016, and a taken name
 * 55013 DSP_UPLOAD_URL_EXIST.
 */
import { InvalidParams } from "@dsp/core";
import type { Ledger } from "./connect.js";
import { ContractRevertError } from "./errors.js";
import { evmAddress, uint } from "./input.js";
import { ensureAllowance } from "./token.js";
import { query, transact, type TxOptions } from "./tx.js";

const REST = "rest_error" as const;
const REGISTER = { what: "register name", code: 55040, table: REST };
const CHANGE = { what: "change name", code: 55041, table: REST };
const LOOKUP = { what: "query name", code: 55016, table: REST };

export const URL_MODES = ["default header, random url", "custom header, random url", "default header, custom url", "custom header, custom url"] as const;

export interface HeaderRecord {
  kind: "header";
  name: string;
  desc: string;
  owner: string;
  createdHeight: bigint;
  expiredHeight: bigint;
  generation: bigint;
  live: boolean;
}

export interface UrlRecord {
  kind: "url";
  /** header://url */
  name: string;
  header: string;
  url: string;
  link: string;
  desc: string;
  owner: string;
  mode: number;
  headerGeneration: bigint;
  createdHeight: bigint;
  ttl: bigint;
  expiredHeight: bigint;
}

/** "header://url" -> { header, url }; "header" -> { header }. */
export function parseName(name: string): { header: string; url?: string } {
  const i = name.indexOf("://");
  if (i < 0) {
    if (name.length === 0) throw new InvalidParams("empty name");
    return { header: name };
  }
  const header = name.slice(0, i);
  const url = name.slice(i + 3);
  if (!header || !url) throw new InvalidParams(`"${name}" is not header://url`);
  return { header, url };
}

function headerRecord(r: { name: string; desc: string; owner: string; createdHeight: bigint; expiredHeight: bigint; generation: bigint }, live: boolean): HeaderRecord {
  return { kind: "header", name: r.name, desc: r.desc, owner: r.owner, createdHeight: r.createdHeight, expiredHeight: r.expiredHeight, generation: r.generation, live };
}

function urlRecord(r: { header: string; url: string; link: string; desc: string; owner: string; mode: bigint; headerGeneration: bigint; createdHeight: bigint; ttl: bigint; expiredHeight: bigint }): UrlRecord {
  return {
    kind: "url", name: `${r.header}://${r.url}`, header: r.header, url: r.url, link: r.link, desc: r.desc, owner: r.owner, mode: Number(r.mode),
    headerGeneration: r.headerGeneration, createdHeight: r.createdHeight, ttl: r.ttl, expiredHeight: r.expiredHeight,
  };
}

/** Registers `header` for the signer until `expiredHeight`, approving the fee first. */
export async function registerHeader(ledger: Ledger, a: { header: string; desc?: string; expiredHeight: bigint | number | string }, opts?: TxOptions): Promise<HeaderRecord> {
  ledger.address(REGISTER.what);
  const expiredHeight = uint(a.expiredHeight, "expiry height", { min: 1n });
  const d = ledger.contracts.dns;
  const head = await query(REGISTER, "DNSRegistry", () => ledger.head());
  // The fee counts from the block the transaction lands in (head + 1 or later): this covers it.
  const perBlock = await query(REGISTER, "DNSRegistry", () => d.headerFeePerBlock());
  if (expiredHeight > head) await ensureAllowance(ledger, await d.getAddress(), perBlock * (expiredHeight - head), opts);
  await transact({ ...REGISTER, what: "register header" }, "DNSRegistry", () => d.registerHeader(a.header, a.desc ?? "", expiredHeight), opts);
  return queryHeader(ledger, a.header);
}

/** Extends a header's life to `newExpiredHeight`, approving the fee for the extra blocks. */
export async function renewHeader(ledger: Ledger, header: string, newExpiredHeight: bigint | number | string, opts?: TxOptions): Promise<HeaderRecord> {
  ledger.address(CHANGE.what);
  const to = uint(newExpiredHeight, "expiry height", { min: 1n });
  const d = ledger.contracts.dns;
  const [perBlock, rec] = await query(CHANGE, "DNSRegistry", () => Promise.all([d.headerFeePerBlock(), d.getHeader(header)]));
  if (to > rec.expiredHeight) await ensureAllowance(ledger, await d.getAddress(), perBlock * (to - rec.expiredHeight), opts);
  await transact({ ...CHANGE, what: "renew header" }, "DNSRegistry", () => d.renewHeader(header, to), opts);
  return queryHeader(ledger, header);
}

export interface UrlRequest {
  /** a header the signer owns; the default header (or none) for modes 0 and 2 */
  header?: string;
  /** a chosen url; none for a random one (modes 0 and 1) */
  url?: string;
  link?: string;
  desc?: string;
  /** lifetime in blocks; 0 = as long as the header lives */
  ttl?: bigint | number | string;
}

/** Registers a url in the mode its arguments imply, paying the url fee. */
export async function registerUrl(ledger: Ledger, r: UrlRequest, opts?: TxOptions): Promise<UrlRecord> {
  ledger.address(REGISTER.what);
  const d = ledger.contracts.dns;
  const [defaultHeader, fee] = await query(REGISTER, "DNSRegistry", () => Promise.all([d.defaultHeader(), d.urlFee()]));
  const custom = r.header !== undefined && r.header !== "" && r.header !== defaultHeader;
  const header = custom ? r.header! : "";
  const url = r.url ?? "";
  const mode = (custom ? 1 : 0) + (url ? 2 : 0);
  const ttl = uint(r.ttl ?? 0n, "ttl");
  await ensureAllowance(ledger, await d.getAddress(), fee, opts);
  const receipt = await transact({ ...REGISTER, what: "register url" }, "DNSRegistry", () => d.registerUrl(mode, header, url, r.link ?? "", r.desc ?? "", ttl), opts);
  const event = receipt.logs.map((l) => d.interface.parseLog(l)).find((e) => e?.name === "UrlRegistered");
  if (!event) throw new InvalidParams("register url: the transaction emitted no UrlRegistered event");
  return queryUrl(ledger, event.args.header, event.args.url);
}

/** Points a url at `link` (the spec's "update url mapping object path"). */
export async function bindUrl(ledger: Ledger, name: string, link: string, opts?: TxOptions): Promise<UrlRecord> {
  const { header, url } = urlName(name);
  ledger.address(CHANGE.what);
  await transact({ ...CHANGE, what: "bind url" }, "DNSRegistry", () => ledger.contracts.dns.bindUrl(header, url, link), opts);
  return queryUrl(ledger, header, url);
}

/**
 * Updates a header's description, or a url's link, description and ttl (what is not given stays;
 * a url's ttl counts again from now).
 */
export async function updateName(ledger: Ledger, name: string, u: { link?: string; desc?: string; ttl?: bigint | number | string }, opts?: TxOptions): Promise<HeaderRecord | UrlRecord> {
  const { header, url } = parseName(name);
  ledger.address(CHANGE.what);
  const d = ledger.contracts.dns;
  if (url === undefined) {
    if (u.desc === undefined) throw new InvalidParams(`a header has only a description to update (${name})`);
    await transact({ ...CHANGE, what: "update header" }, "DNSRegistry", () => d.updateHeader(header, u.desc!), opts);
    return queryHeader(ledger, header);
  }
  const cur = await query(CHANGE, "DNSRegistry", () => d.getUrl(header, url));
  const ttl = u.ttl === undefined ? cur.ttl : uint(u.ttl, "ttl");
  await transact({ ...CHANGE, what: "update url" }, "DNSRegistry", () => d.updateUrl(header, url, u.link ?? cur.link, u.desc ?? cur.desc, ttl), opts);
  return queryUrl(ledger, header, url);
}

/** Gives a header or url to `to`. */
export async function transferName(ledger: Ledger, name: string, to: string, opts?: TxOptions): Promise<HeaderRecord | UrlRecord> {
  const { header, url } = parseName(name);
  const dest = evmAddress(to, "new owner");
  ledger.address(CHANGE.what);
  const d = ledger.contracts.dns;
  if (url === undefined) {
    await transact({ ...CHANGE, what: "transfer header" }, "DNSRegistry", () => d.transferHeader(header, dest), opts);
    return queryHeader(ledger, header);
  }
  await transact({ ...CHANGE, what: "transfer url" }, "DNSRegistry", () => d.transferUrl(header, url, dest), opts);
  return queryUrl(ledger, header, url);
}

/** Deletes a header (its names stop resolving) or a url. */
export async function deleteName(ledger: Ledger, name: string, opts?: TxOptions): Promise<void> {
  const { header, url } = parseName(name);
  ledger.address(CHANGE.what);
  const d = ledger.contracts.dns;
  if (url === undefined) await transact({ ...CHANGE, what: "delete header" }, "DNSRegistry", () => d.deleteHeader(header), opts);
  else await transact({ ...CHANGE, what: "delete url" }, "DNSRegistry", () => d.deleteUrl(header, url), opts);
}

/** Resolves a name: a url must resolve (live header, not revoked or expired); a header must exist. */
export async function queryName(ledger: Ledger, name: string): Promise<HeaderRecord | UrlRecord> {
  const { header, url } = parseName(name);
  return url === undefined ? queryHeader(ledger, header) : queryUrl(ledger, header, url);
}

async function queryHeader(ledger: Ledger, header: string): Promise<HeaderRecord> {
  const d = ledger.contracts.dns;
  const [rec, live] = await query(LOOKUP, "DNSRegistry", () => Promise.all([d.getHeader(header), d.isHeaderLive(header)]));
  if (BigInt(rec.owner) === 0n) {
    throw new ContractRevertError(LOOKUP.what, "HeaderNotRegistered", { header }, LOOKUP.code, `header ${header} is not registered`, { table: REST });
  }
  return headerRecord(rec, live);
}

async function queryUrl(ledger: Ledger, header: string, url: string): Promise<UrlRecord> {
  return urlRecord(await query(LOOKUP, "DNSRegistry", () => ledger.contracts.dns.resolve(header, url)));
}

function urlName(name: string) {
  const { header, url } = parseName(name);
  if (url === undefined) throw new InvalidParams(`"${name}" is a header; a link binds to header://url`);
  return { header, url };
}

/** Option values people type: sizes with units, heights given as "until" or "for N blocks", JSON files. */
import { readFile } from "node:fs/promises";
import { InvalidParams } from "@dsp/core";
import type { Ledger } from "@dsp/ledger";

const UNITS: Record<string, bigint> = { "": 1n, b: 1n, k: 1n << 10n, kib: 1n << 10n, m: 1n << 20n, mib: 1n << 20n, g: 1n << 30n, gib: 1n << 30n, t: 1n << 40n, tib: 1n << 40n };

/** "1048576", "64MiB", "1g" -> bytes (binary units). */
export function parseSize(value: string): bigint {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(value.trim());
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new InvalidParams(`"${value}" is not a size (e.g. 1048576, 64MiB, 1GiB)`);
  return BigInt(m[1]) * unit;
}

export function parseWhole(value: string, what: string): bigint {
  if (!/^\d+$/.test(value.trim())) throw new InvalidParams(`${what} must be a whole number, got "${value}"`);
  return BigInt(value.trim());
}

/** A block height from --until <height> or --for <blocks> (counted from the current head). */
export async function heightFrom(ledger: Ledger, o: { until?: string; for?: string }, what: string, fallbackBlocks?: bigint): Promise<bigint> {
  if (o.until !== undefined && o.for !== undefined) throw new InvalidParams(`give --until or --for for the ${what}, not both`);
  if (o.until !== undefined) return parseWhole(o.until, `${what} (--until)`);
  const blocks = o.for !== undefined ? parseWhole(o.for, `${what} (--for)`) : fallbackBlocks;
  if (blocks === undefined) throw new InvalidParams(`give the ${what} with --until <height> or --for <blocks>`);
  return (await ledger.head()) + blocks;
}

/** The JSON document in `file`; InvalidParams naming `what` when it cannot be read or parsed. */
export async function readJsonFile(file: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch (cause) {
    throw new InvalidParams(`cannot read ${what} (JSON) from ${file}`, { cause });
  }
}

/**
 * JSON as the CLI (--json) and the REST API print it: bigints as decimal strings (token amounts
 * stay exact wei), bytes as 0x-hex.
 */
export function toJson(value: unknown, indent: number | undefined = 2): string {
  return JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? v.toString() : v instanceof Uint8Array ? `0x${Buffer.from(v).toString("hex")}` : v), indent);
}

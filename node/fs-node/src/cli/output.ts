/**
 * What a command prints: JSON for scripts (--json: one document on stdout, bigints as decimal
 * strings, token amounts in wei), or aligned "key: value" text for people, token amounts in DSP.
 */
import { formatEther } from "ethers";

/** Fields that hold token wei (shown as DSP to people) or native wei (ETH). */
const DSP_FIELDS = new Set([
  "pledge", "requiredPledge", "rewards", "deposit", "collected", "closingAmount", "escrow", "dsp", "userSpaceCredit", "refund", "reward", "amount",
  "slashed", "perHolder", "fee", "cumulativeAmount", "pledgeLeft", "minPledge", "slashAmount",
]);
const ETH_FIELDS = new Set(["eth"]);

function scalar(key: string, v: unknown): string {
  if (typeof v === "bigint" && DSP_FIELDS.has(key)) return `${formatEther(v)} DSP`;
  if (typeof v === "bigint" && ETH_FIELDS.has(key)) return `${formatEther(v)} ETH`;
  if (v === null || v === undefined) return "-";
  return String(v);
}

/** Text for people: objects as aligned key/value lines, arrays as blocks, nested values indented. */
export function toText(value: unknown, indent = ""): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return `${indent}(none)`;
    return value.map((v) => (typeof v === "object" && v !== null ? toText(v, indent) : `${indent}${scalar("", v)}`)).join(typeof value[0] === "object" ? "\n\n" : "\n");
  }
  if (typeof value !== "object" || value === null) return `${indent}${scalar("", value)}`;
  const entries = Object.entries(value);
  const width = Math.max(0, ...entries.map(([k]) => k.length));
  return entries
    .map(([k, v]) => {
      if (typeof v === "object" && v !== null && !(v instanceof Uint8Array)) {
        const inner = toText(v, `${indent}  `);
        return `${indent}${k}:\n${inner}`;
      }
      return `${indent}${k.padEnd(width)}  ${scalar(k, v)}`;
    })
    .join("\n");
}

/** Numbers as people read them: token amounts (18 decimals), byte sizes, short hashes. */

const DECIMALS = 18n;
const UNIT = 10n ** DECIMALS;

/** "1,234.5 DSP" from token wei, at most `places` decimals (trailing zeros dropped). */
export function tokens(wei: string | bigint, places = 4): string {
  const v = BigInt(wei);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const whole = abs / UNIT;
  const frac = (abs % UNIT).toString().padStart(Number(DECIMALS), "0").slice(0, places).replace(/0+$/, "");
  const tiny = whole === 0n && !frac && abs > 0n;
  return `${neg ? "-" : ""}${tiny ? "<0." + "0".repeat(places - 1) + "1" : group(whole) + (frac ? "." + frac : "")} DSP`;
}

export function group(n: string | number | bigint): string {
  return BigInt(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

const SIZES = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
export function bytes(n: string | number | bigint): string {
  let v = Number(BigInt(n));
  let i = 0;
  while (v >= 1024 && i < SIZES.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${SIZES[i]}`;
}

/** 0x1234…abcd */
export function short(hex: string, keep = 6): string {
  return hex.length > 2 * keep + 3 ? `${hex.slice(0, keep)}…${hex.slice(-keep + 2)}` : hex;
}

export const PRIVILEGE = ["private", "public", "whitelist"];
export const STORAGE_TYPE = ["user space", "pay per file"];

const NEVER = (1n << 64n) - 1n;
/** A block height; the uint64 maximum the contracts use for "does not expire" reads "never". */
export const height = (h: string | bigint) => (BigInt(h) === NEVER ? "never" : group(h));

/** Bytes the chain keeps as hex (a file's description) as text when they are printable UTF-8, else as they are. */
export function text(hex: string): string {
  if (!/^0x([0-9a-fA-F]{2})*$/.test(hex)) return hex;
  const bytes = new Uint8Array((hex.length - 2) / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  try {
    const s = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return /[\u0000-\u0008\u000e-\u001f\u007f]/.test(s) ? hex : s;
  } catch {
    return hex;
  }
}

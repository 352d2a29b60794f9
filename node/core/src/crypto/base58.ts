/**
 * Base58 with the Bitcoin alphabet: the bytes as one big-endian number in base 58, and each
 * leading zero byte as a leading "1". Addresses are 25 bytes, so BigInt arithmetic is plenty.
 */
export const BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

const DIGIT = new Map([...BASE58_ALPHABET].map((c, i) => [c, BigInt(i)]));

export function encodeBase58(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  let out = "";
  while (n > 0n) {
    out = BASE58_ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  return "1".repeat(zeros) + out;
}

/** Throws Base58CharError (with the offending character and position) on a character outside the alphabet. */
export function decodeBase58(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === "1") zeros++;
  let n = 0n;
  for (let i = 0; i < text.length; i++) {
    const d = DIGIT.get(text[i]);
    if (d === undefined) throw new Base58CharError(text[i], i);
    n = n * 58n + d;
  }
  const body: number[] = [];
  while (n > 0n) {
    body.unshift(Number(n & 0xffn));
    n >>= 8n;
  }
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...body]);
}

export class Base58CharError extends Error {
  override name = "Base58CharError";
  constructor(readonly char: string, readonly position: number) {
    super(`${JSON.stringify(char)} at position ${position} is not a base58 character`);
  }
}

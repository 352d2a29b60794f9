/**
 * What the search box was given, by its shape: a file hash or a dealId (0x + 64 hex), an EVM address
 * (0x + 40 hex), a DSP address (base58, 34 characters for the spec's 25 bytes; the server checks
 * the checksum), a file link dsp://file?hash=0x..., or a DNS name header://url. Shape only: the
 * page it leads to asks the server, which says "not found" for what the chain never had.
 */
export type Query =
  | { kind: "file"; hash: string; link?: boolean }
  | { kind: "evm"; address: string }
  | { kind: "dsp"; address: string }
  | { kind: "name"; header: string; url: string }
  | { kind: "unknown"; text: string };

const FILE_HASH = /^0x[0-9a-fA-F]{64}$/;
const EVM = /^0x[0-9a-fA-F]{40}$/;
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]{30,40}$/;
const FILE_LINK = /^dsp:\/\/file\?(?:.*&)?hash=(0x[0-9a-fA-F]{64})(?:&.*)?$/;

export function classify(input: string): Query {
  const text = input.trim();
  if (FILE_HASH.test(text)) return { kind: "file", hash: text.toLowerCase() };
  if (EVM.test(text)) return { kind: "evm", address: text.toLowerCase() };
  const link = FILE_LINK.exec(text);
  if (link) return { kind: "file", hash: link[1].toLowerCase(), link: true };
  const i = text.indexOf("://");
  if (i > 0 && i + 3 < text.length) return { kind: "name", header: text.slice(0, i), url: text.slice(i + 3) };
  if (BASE58.test(text)) return { kind: "dsp", address: text };
  return { kind: "unknown", text };
}

/** The route of a file, node, account or name page. */
export const routes = {
  file: (hash: string) => `#/file/${hash.toLowerCase()}`,
  node: (address: string) => `#/node/${address.toLowerCase()}`,
  account: (address: string) => `#/account/${address}`,
  name: (header: string, url: string) => `#/name/${encodeURIComponent(header)}/${encodeURIComponent(url)}`,
  header: (header: string) => `#/dns/${encodeURIComponent(header)}`,
  search: (text: string) => `#/search/${encodeURIComponent(text.trim())}`,
};

/**
 * The SCAN server's account: the secp256k1 key registered in the ScanRegistry. It signs every
 * P2P message (so other members can authenticate this server) and the answers of `attest`.
 *
 * The libp2p identity is derived from it (an Ed25519 seed = sha256(domain || account key)), so the
 * peer id, and with it the /p2p/<id> address registered on chain, stays the same across restarts
 * without a second key file. Whoever holds the account key can compute it; that is no loss, since
 * the account key is what members trust, not the peer id.
 */
import { readFile } from "node:fs/promises";
import { createHash } from "node:crypto";
import { generateKeyPairFromSeed } from "@libp2p/crypto/keys";
import type { PrivateKey } from "@libp2p/interface";
import { KeyPair, openWallet } from "@dsp/core";
import { InvalidParams } from "@dsp/core";

export interface AccountSource {
  /** A wallet file (node/core/src/crypto/wallet.ts), opened with `password` or the contents of `passwordFile`. */
  wallet?: string;
  password?: string;
  passwordFile?: string;
  /** A raw private key (hex): for development only, it shows in the process list. */
  privateKey?: string;
}

/** The account named by `src`, or undefined when it names none. */
export async function loadScanAccount(src: AccountSource): Promise<KeyPair | undefined> {
  if (src.wallet && src.privateKey) throw new InvalidParams("give a wallet file or a private key, not both");
  let account: KeyPair | undefined;
  if (src.privateKey) account = KeyPair.fromPrivateKey(src.privateKey);
  else if (src.wallet) {
    const password = src.passwordFile !== undefined ? (await readFile(src.passwordFile, "utf8")).replace(/\r?\n$/, "") : src.password;
    if (password === undefined) throw new InvalidParams(`no password for the wallet ${src.wallet} (a password file, or DSP_SCAN_PASSWORD)`);
    account = await openWallet(src.wallet, password);
  }
  // The registry knows accounts by EVM address, which only a secp256k1 key has.
  if (account && account.curve !== "secp256k1") throw new InvalidParams(`a SCAN server's account must be secp256k1, not ${account.curve}`);
  return account;
}

const PEER_KEY_DOMAIN = "DSP SCAN libp2p identity 1\0";

/** The libp2p key of the SCAN server with `account` (see the file comment). */
export async function peerKeyOf(account: KeyPair): Promise<PrivateKey> {
  const secret = account.exportPrivateKey();
  try {
    const seed = createHash("sha256").update(PEER_KEY_DOMAIN).update(secret).digest();
    return await generateKeyPairFromSeed("Ed25519", seed);
  } finally {
    secret.fill(0);
  }
}

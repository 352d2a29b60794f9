/**
 * Accounts and crypto: key pairs (secp256k1, Ed25519), the DSP and EVM addresses, the spec's
 * eight signature modes, and encrypted wallet files.
 */
export { KeyPair, CURVES, type Curve, parsePublicKey, evmAddressOf, parseHex, toHex, hex, unhex } from "./keys.js";
export { dsp20Of, dspAddressOf, encodeDspAddress, decodeDspAddress, isDspAddress, DSP_ADDRESS_VERSION } from "./address.js";
export { encodeBase58, decodeBase58 } from "./base58.js";
export {
  sign,
  verify,
  parseSignature,
  schemeName,
  curveOf,
  ecdsaDigest,
  SignatureScheme,
  SCHEME_NAMES,
  type SchemeName,
  type ParsedSignature,
} from "./signature.js";
export {
  createWallet,
  importPrivateKey,
  importWallet,
  openWallet,
  exportPrivateKey,
  changePassword,
  readWalletInfo,
  encryptKeyPair,
  decryptWalletFile,
  DEFAULT_KDF,
  WALLET_VERSION,
  type KdfParams,
  type WalletFile,
  type WalletInfo,
  type Password,
  type WriteOptions,
} from "./wallet.js";
export * from "./errors.js";

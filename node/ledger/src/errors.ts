/**
 * Failures of ledger calls, as DspErrors with the spec's status codes.
 *
 * A revert is decoded against the ABI of every DSP contract (a token error bubbles up through the
 * registry or the ledger that called the token), and named by a table: the error's own code where
 * the contracts' NatSpec gives one ([50021 FILE_NOT_FOUND_FROM_CHAIN] ...), else the code of the
 * operation that failed (node registration is 55030 whatever the registry objected to). The
 * message says what went wrong in words, e.g. "delete files: file 0x12.. is not on the chain
 * (DSP 50021 FILE_NOT_FOUND_FROM_CHAIN)"; `reason` and `args` keep the raw revert for programs.
 */
import { formatUnits, Interface, type ErrorDescription, type InterfaceAbi } from "ethers";
import * as factories from "./contracts.js";
import { DspError, type DspErrorOptions, type StatusTable } from "@dsp/core";
import { CHANNEL_STATUS, NODE_STATUS, SCAN_NODE_STATUS } from "./names.js";

/** What a ledger call was doing, and the code it reports when the revert has none of its own. */
export interface Op {
  what: string;
  code: number;
  table?: StatusTable;
}

/** A ledger call reverted: `reason` is the Solidity error's name, `args` its decoded arguments. */
export class ContractRevertError extends DspError {
  override name = "ContractRevertError";
  constructor(
    readonly op: string,
    readonly reason: string,
    readonly args: Record<string, unknown>,
    code: number,
    message: string,
    opts: DspErrorOptions = {},
  ) {
    super(code, `${op}: ${message}`, opts);
  }
}

/** 50023 CHAIN_ERROR: the JSON-RPC endpoint cannot be reached or answered with an error. */
export class ChainUnavailable extends DspError {
  override name = "ChainUnavailable";
  constructor(op: string, detail: string, opts: DspErrorOptions = {}) {
    super(50023, `${op}: ${detail}`, opts);
  }
}

/** 40006 INSUFFICIENT_BALANCE: the sending account cannot pay for gas (or for what it sends). */
export class InsufficientFunds extends DspError {
  override name = "InsufficientFunds";
  constructor(op: string, opts: DspErrorOptions = {}) {
    super(40006, `${op}: the account has not enough ETH to pay for gas`, { ...opts, table: "rest_error" });
  }
}

/** 40007 NO_ACCOUNT: a call that sends a transaction was made on a read-only ledger client. */
export class NoSigner extends DspError {
  override name = "NoSigner";
  constructor(op: string) {
    super(40007, `${op}: no wallet given (a transaction needs one)`, { table: "rest_error" });
  }
}

/** 40003 NO_DSP: no deployments file says where the DSP contracts of this network are. */
export class NoDeployments extends DspError {
  override name = "NoDeployments";
  constructor(network: string, cause: unknown) {
    super(40003, (cause as Error)?.message ?? `no deployments for network ${network}`, { cause, table: "rest_error" });
  }
}

type Args = Record<string, any>;
interface Entry {
  /** The error's own code; when absent the operation's code is reported. */
  code?: number;
  table?: StatusTable;
  text: (a: Args) => string;
}

const REST = "rest_error" as const;
const dsp = (wei: bigint) => `${formatUnits(wei, 18)} DSP`;
const status = (s: bigint, names: readonly string[]) => names[Number(s)] ?? String(s);

/** Errors whose meaning does not depend on which contract raised them. */
const COMMON: Record<string, Entry> = {
  // the token's errors, bubbling up through whoever pulled the tokens
  ERC20InsufficientBalance: { code: 40006, table: REST, text: (a) => `${a.sender} has ${dsp(a.balance)}, ${dsp(a.needed)} are needed` },
  ERC20InsufficientAllowance: { code: 40006, table: REST, text: (a) => `allowance of ${a.spender} is ${dsp(a.allowance)}, ${dsp(a.needed)} are needed` },
  ERC20InvalidReceiver: { code: 40000, text: (a) => `invalid token receiver ${a.receiver}` },
  ERC20InvalidSender: { code: 40000, text: (a) => `invalid token sender ${a.sender}` },
  ERC20InvalidSpender: { code: 40000, text: (a) => `invalid spender ${a.spender}` },
  ERC20InvalidApprover: { code: 40000, text: (a) => `invalid approver ${a.approver}` },
  ERC2612ExpiredSignature: { code: 40000, text: (a) => `the permit expired at ${a.deadline}` },
  ERC2612InvalidSigner: { code: 40000, text: (a) => `the permit is signed by ${a.signer}, not by ${a.owner}` },
  ECDSAInvalidSignature: { code: 40000, text: () => "invalid signature" },
  ECDSAInvalidSignatureLength: { code: 40000, text: (a) => `signature of ${a.length} bytes` },
  ECDSAInvalidSignatureS: { code: 40000, text: () => "malleable signature (s in the upper half)" },
  InvalidAccountNonce: { code: 40000, text: (a) => `permit nonce of ${a.account} is ${a.currentNonce}` },
  AccessControlUnauthorizedAccount: { text: (a) => `${a.account} lacks the role ${a.neededRole}` },
  AccessControlBadConfirmation: { text: () => "role renounce not confirmed" },
  ReentrancyGuardReentrantCall: { text: () => "reentrant call" },
  SafeERC20FailedOperation: { text: (a) => `token ${a.token} refused the transfer` },
  InvalidShortString: { text: () => "invalid short string" },
  StringTooLong: { text: (a) => `string too long: ${a.str}` },

  // node registry (REST 55030-55034 by operation)
  NodeAlreadyRegistered: { text: (a) => `${a.node} is already registered as a node` },
  NodeNotRegistered: { text: (a) => `${a.node} is not a registered node` },
  NodeNotActive: { text: (a) => `node ${a.node} is ${status(a.status, NODE_STATUS)}, not active` },
  NodeStillActive: { text: (a) => `node ${a.node} is still active: unregister it first` },
  NodeHasLiveFiles: { text: (a) => `node ${a.node} still holds ${a.liveFiles} live file(s)` },
  VolumeTooSmall: { text: (a) => `volume ${a.volume} is below the minimum of ${a.minimum} bytes` },
  VolumeBelowUsed: { text: (a) => `volume ${a.volume} is below the ${a.used} bytes in use` },
  ServiceTimeTooShort: { text: (a) => `service time ${a.serviceTime} is below the minimum height ${a.minimum}` },
  EmptyHostAddr: { text: () => "the host address is empty" },
  HostAddrTooLong: { text: (a) => `the host address has ${a.length} bytes, at most ${a.maximum} allowed` },
  InsufficientVolume: { text: (a) => `node ${a.node} has ${a.rest} bytes free, ${a.needed} needed` },
  InvalidParams: { code: 40000, text: () => "invalid parameters" },
  NothingToRelease: { text: (a) => `node ${a.node} has no ${a.size} bytes to release` },
  // [50015 RECEIVERS_REJECTED] (INodeRegistryErrors.sol): slashed below what its volume requires, it takes nothing new until it tops up
  PledgeTooLow: { code: 50015, text: (a) => `node ${a.node} has a pledge of ${dsp(a.pledge)}, its volume requires ${dsp(a.required)}` },

  // file ledger (codes from IFileLedgerErrors.sol); a deal is keyed by its dealId = keccak256(abi.encode(owner, fileHash))
  FileAlreadyStored: { code: 50005, text: (a) => `deal ${a.dealId} is already stored: this owner has a live deal for this file` },
  FileNotFound: { code: 50021, text: (a) => `deal ${a.dealId} is not on the chain` },
  DeleteFileAccessDenied: { code: 50049, text: (a) => `${a.caller} may not delete deal ${a.dealId}: it is not its owner` },
  NoFilesToDelete: { code: 50047, text: () => "no deal ids given" },
  // one selector with FileWhitelist's NotFileOwner(fileHash, caller), whose argument names the decoder keeps
  NotFileOwner: { text: (a) => `${a.caller} does not own deal ${a.dealId ?? a.fileHash}` },
  InvalidPrivilege: { code: 40000, text: (a) => `privilege ${a.privilege} is not 0 (private), 1 (public) or 2 (whitelist)` },
  InvalidStorageType: { code: 40000, text: (a) => `storage type ${a.storageType} is not 0 (user space) or 1 (pay per file)` },
  InvalidCommit: { code: 40000, text: (a) => `commit of ${a.fileHash} has a zero hash, root, block count or block size` },
  TooManyCopies: { code: 40000, text: (a) => `${a.copyNum} extra copies asked, at most ${a.maxCopies}` },
  TooManyCandidates: { code: 40000, text: (a) => `${a.given} candidate nodes given, at most ${a.maxCandidates}` },
  NodesNotEnough: { code: 50014, text: (a) => `${a.needed} offered nodes needed (copyNum + 1), ${a.given} given` },
  NodeNotEligible: { code: 50015, text: (a) => `node ${a.node} cannot take the file (inactive, full, underpledged or ending service too soon)` },
  DuplicateNode: { code: 40000, text: (a) => `node ${a.node} is listed twice` },
  ProveIntervalTooSmall: { code: 54010, table: REST, text: (a) => `prove interval ${a.proveInterval} is below the proving period of ${a.minimum} blocks` },
  ExpiryTooSoon: { code: 55063, table: REST, text: (a) => `expiry height ${a.expiredHeight} is below the minimum ${a.minimum} (accept window and two proving periods from now)` },
  NotOffered: { code: 40000, text: (a) => `${a.node} holds no offer in deal ${a.dealId}` },
  OfferClosed: { code: 50016, text: (a) => `the offer of deal ${a.dealId} to ${a.node} closed at block ${a.until}` },
  OfferStillOpen: { code: 40000, text: (a) => `the offer of deal ${a.dealId} to ${a.node} is open until block ${a.until}: it has not lapsed` },
  NotHolder: { code: 40000, text: (a) => `${a.node} does not hold deal ${a.dealId}` },
  NodeNotFaulted: { code: 40000, text: (a) => `node ${a.node} proved its latest period: its deals are not open to recovery` },
  NotExpired: { code: 40000, text: (a) => `deal ${a.dealId} runs until block ${a.expiredHeight} (now ${a.blockNumber}): it can be settled after that` },
  NothingToClaim: { code: 40006, table: REST, text: (a) => `${a.node} has no rewards to claim` },
  ModulesAlreadySet: { text: () => "modules already set" },
  NotVerifier: { text: (a) => `${a.caller} is not the PDP verifier` },
  InvalidSettings: { code: 40000, text: () => "invalid ledger settings" },
  SafeCastOverflowedUintDowncast: { code: 40000, text: (a) => `the value ${a.value} does not fit in ${a.bits} bits` },

  // user space (codes from IUserSpace.sol)
  UserSpaceExpired: { code: 55011, table: REST, text: (a) => `the user space of ${a.owner} expired at block ${a.expiredHeight}` },
  UserSpaceNotEnough: { code: 55012, table: REST, text: (a) => `the user space of ${a.owner} has ${a.free} bytes free, ${a.needed} needed` },
  UserSpaceBalanceTooLow: { code: 40006, table: REST, text: (a) => `the user space credit of ${a.owner} is ${dsp(a.balance)}, ${dsp(a.needed)} needed` },
  ExpiryNotExtended: { code: 54007, table: REST, text: (a) => `expiry ${a.expiredHeight} is below the minimum ${a.minimum}` },
  CantRevokeWithFiles: { code: 54005, table: REST, text: (a) => `the user space of ${a.owner} still holds ${a.usedBytes} bytes of files` },
  NoUserSpace: { code: 54006, table: REST, text: (a) => `${a.owner} has no user space` },
  LedgerAlreadySet: { text: () => "ledger already set" },

  // whitelist ([55019 DSP_WHITELIST_OP_FAILED]); its bytes32 key, named fileHash in FileWhitelist, is the dealId
  FileNotValid: { code: 50021, text: (a) => `deal ${a.fileHash} is not stored` },
  InvalidRule: { code: 55019, table: REST, text: (a) => `invalid rule for ${a.addr}: blocks ${a.fromHeight} to ${a.toHeight}` },
  TooManyRules: { code: 55019, table: REST, text: (a) => `${a.count} rules, at most ${a.maximum}` },
  RuleNotFound: { code: 55019, table: REST, text: (a) => `${a.addr} is not on the whitelist of deal ${a.fileHash}` },

  // PDP verifier: one proof per node per period (50017 FILE_UPLOADED_CHECK_PDP_FAILED for a proof that cannot count)
  ChallengeNotOpen: { code: 50017, text: (a) => `the proof window of ${a.node} for period ${a.period} opens after block ${a.opensAfter} (now ${a.blockNumber})` },
  ProvingPeriodPassed: { code: 50017, text: (a) => `the proof window of ${a.node} for period ${a.period} closed at block ${a.deadline} (now ${a.blockNumber})` },
  InvalidProof: { code: 50017, text: (a) => `invalid proof by ${a.node} for period ${a.period}: piece ${a.pieceId} leads to root ${a.computedRoot}, not ${a.expectedRoot}` },
  ProofSizeMismatch: { code: 50017, text: (a) => `the proof has ${a.givenLeaves} bytes of leaves and ${a.givenProof} of siblings, the challenges need ${a.expectedLeaves} and ${a.usedProof}` },
  NothingToProve: { code: 50017, text: (a) => `node ${a.node} has nothing in its proof set` },
  ProofNotOverdue: { code: 40000, text: (a) => `period ${a.period} of ${a.node} can be proved until block ${a.deadline}: it is not missed yet` },
  // a node cannot take a deal now: its set is frozen until the current period's proof (retry after it)
  ProofSetFrozen: { code: 50015, text: (a) => `the proof set of ${a.node} is frozen from block ${a.frozenFrom} until its period ending at block ${a.deadline} is proved or reported: retry after that` },
  PieceEndsTooSoon: { code: 55063, table: REST, text: (a) => `the deal expires at block ${a.expiry}, before the node's first period closes at block ${a.firstDeadline}` },
  NotLedger: { text: (a) => `${a.caller} is not the file ledger` },
  NoSuchPiece: { text: (a) => `node ${a.node} has no piece ${a.pieceId}` },
  InvalidSchedule: { code: 40000, text: () => "proving period, proof window and challenge count do not fit together" },
  SumTreeFull: { text: () => "the node's proof set has no piece id left" },
  SumTreeOverflow: { text: () => "the node's proof set would pass 2^64 leaves" },
  SumTreeNoSuchId: { text: (a) => `no piece ${a.id} in a set of ${a.size}` },
  SumTreeOutOfRange: { text: (a) => `position ${a.x} is past the set's ${a.total} leaves` },
  // PDPMerkle, for a single piece's proof
  LeavesLengthMismatch: { code: 50017, text: (a) => `${a.given} bytes of leaves, ${a.expected} expected` },
  ProofLengthMismatch: { code: 50017, text: (a) => `${a.given} bytes of proof, ${a.expected} expected` },

  // governance timelock (DSPTimelock, OpenZeppelin TimelockController)
  TimelockUnexpectedOperationState: { text: (a) => `timelock operation ${a.operationId} is not in the expected state ${a.expectedStates}` },
  TimelockInsufficientDelay: { code: 40000, text: (a) => `a delay of ${a.delay} s is below the timelock's minimum of ${a.minDelay} s` },
  TimelockInvalidOperationLength: { code: 40000, text: (a) => `${a.targets} targets, ${a.payloads} payloads and ${a.values} values do not match` },
  TimelockUnauthorizedCaller: { text: (a) => `${a.caller} may not call the timelock directly` },
  TimelockUnexecutedPredecessor: { text: (a) => `timelock predecessor ${a.predecessorId} has not been executed` },
  FailedCall: { text: () => "the call made by the timelock failed" },

  // account registry
  InvalidPublicKeyLength: { code: 40000, text: (a) => `public key of ${a.length} bytes (64 or 65 expected)` },
  InvalidPublicKeyPrefix: { code: 40000, text: (a) => `public key starts with ${a.prefix}, not 0x04` },
  PublicKeyNotOnCurve: { code: 40000, text: () => "the public key is not a secp256k1 point" },
  AlreadyBound: { code: 40008, table: REST, text: (a) => `${a.evm} is already bound` },
  DspAddressTaken: { code: 40008, table: REST, text: (a) => `DSP address ${a.dsp} is bound to ${a.boundTo}` },
  AccountNotBound: { code: 40007, table: REST, text: (a) => `${a.evm} has not bound its public key` },
  DspAddressNotBound: { code: 40007, table: REST, text: (a) => `no account is bound to DSP address ${a.dsp}` },

  // DNS registry ([55040 DSP_URL_REGISTER_FAILED], [55041 DSP_URL_BIND_FAILED] by operation)
  InvalidName: { text: (a) => `invalid name "${a.name}" (header: [a-z0-9-] up to 32 bytes; url: [a-z0-9-._/] up to 128)` },
  FieldTooLong: { text: (a) => `${a.field} has ${a.length} bytes, at most ${a.maxLength} allowed` },
  ZeroAddress: { text: () => "the zero address is not allowed" },
  ExpiryNotInFuture: { text: (a) => `expiry ${a.expiredHeight} is not after the current block ${a.blockNumber}` },
  RenewalNotLater: { text: (a) => `header ${a.header} already lives until ${a.currentExpiredHeight}` },
  ReservedHeader: { text: (a) => `header ${a.header} is reserved` },
  HeaderAlreadyRegistered: { text: (a) => `header ${a.header} is registered to ${a.owner} until block ${a.expiredHeight}` },
  HeaderNotRegistered: { text: (a) => `header ${a.header} is not registered` },
  HeaderExpired: { text: (a) => `header ${a.header} expired at block ${a.expiredHeight}` },
  DefaultHeaderLocked: { text: (a) => `the default header ${a.header} cannot be deleted` },
  NotHeaderOwner: { text: (a) => `${a.caller} does not own header ${a.header} (its owner is ${a.owner})` },
  NotUrlOwner: { text: (a) => `${a.caller} does not own ${a.name} (its owner is ${a.owner})` },
  UrlAlreadyExists: { code: 55013, table: REST, text: (a) => `${a.name} is already registered to ${a.owner}` },
  UrlNotFound: { text: (a) => `${a.name} is not registered` },
  UrlRevoked: { text: (a) => `${a.name} was revoked (its header was registered again)` },
  UrlExpired: { text: (a) => `${a.name} expired at block ${a.expiredHeight}` },
  ModeMismatch: { text: (a) => `mode ${a.mode} does not fit header "${a.header}" and url "${a.url}"` },

  // SCAN/DNS node registry (REST 55050-55061 by operation; challenges 40005)
  ScanNodeAlreadyRegistered: { text: (a) => `${a.node} is already registered as a SCAN node (withdraw first if it quit)` },
  ScanNodeNotRegistered: { text: (a) => `${a.node} is not a registered SCAN node` },
  ScanNodeNotActive: { text: (a) => `SCAN node ${a.node} is ${status(a.status, SCAN_NODE_STATUS)}, not active` },
  ScanNodeStillActive: { text: (a) => `SCAN node ${a.node} is still active: quit first` },
  NoticePeriodNotOver: { text: (a) => `the notice period of ${a.node} runs until block ${a.withdrawableAt} (now ${a.blockNumber})` },
  PledgeTooSmall: { text: (a) => `a pledge of ${dsp(a.pledge)} is below the minimum of ${dsp(a.minimum)}` },
  PledgeBelowMinimum: { text: (a) => `taking ${dsp(a.amount)} from a pledge of ${dsp(a.pledge)} would leave less than the minimum of ${dsp(a.minimum)}` },
  InvalidClaimKind: { code: 40000, text: (a) => `claim kind ${a.kind} is not 1 (file owner), 2 (file holders) or 3 (DNS resolution)` },
  AnswerHashMismatch: { code: 40000, text: (a) => `the answer hashes to ${a.actual}, the claim says ${a.answerHash}` },
  MalformedAnswer: { code: 40000, text: (a) => `the answer of kind ${a.kind} is not in canonical form` },
  BadClaimSignature: { code: 40000, text: (a) => `malformed answer signature (ECDSA error ${a.reason})` },
  SignerNotScanNode: { text: (a) => `the answer's signer ${a.signer} is not a registered SCAN node` },
  NothingToSlash: { text: (a) => `SCAN node ${a.signer} has no pledge left` },
  FutureHeight: { text: (a) => `the claim is about block ${a.height}, which is not finished (now ${a.blockNumber})` },
  ClaimNotCheckable: { text: (a) => `the record changed at block ${a.changedAt}, after the claim's height ${a.height}: the chain cannot judge it` },
  ClaimIsTrue: { text: () => "the chain agrees with the answer" },
  ClaimAlreadySlashed: { text: (a) => `${a.signer} was already slashed for this answer` },
  TooManyHolders: { text: (a) => `${a.length} holders, the registry compares at most ${a.maximum}` },

  // payment channels
  ZeroToken: { text: () => "zero token address" },
  InvalidMinChallengePeriod: { text: (a) => `invalid minimum challenge period ${a.minChallengePeriod}` },
  InvalidRecipient: { code: 40000, text: (a) => `${a.recipient} cannot receive a channel (zero, or the sender itself)` },
  ZeroAmount: { code: 40000, text: () => "the amount is zero" },
  ChallengePeriodOutOfRange: { code: 40000, text: (a) => `challenge period ${a.challengePeriod} is outside ${a.minChallengePeriod}..${a.maxChallengePeriod} blocks` },
  UnknownChannel: { text: (a) => `no channel ${a.channelId}` },
  ChannelNotOpen: { text: (a) => `channel ${a.channelId} is ${status(a.status, CHANNEL_STATUS)}, not open` },
  ChannelNotClosing: { text: (a) => `channel ${a.channelId} is ${status(a.status, CHANNEL_STATUS)}, not closing` },
  NotSender: { text: (a) => `${a.caller} is not the sender of channel ${a.channelId} (${a.sender} is)` },
  NotRecipient: { text: (a) => `${a.caller} is not the recipient of channel ${a.channelId} (${a.recipient} is)` },
  VoucherExceedsDeposit: { text: (a) => `${dsp(a.cumulativeAmount)} exceeds the deposit of ${dsp(a.deposit)}` },
  StaleVoucher: { text: (a) => `voucher of ${dsp(a.cumulativeAmount)} does not exceed the ${dsp(a.current)} already recorded` },
  InvalidSignature: { text: (a) => `malformed voucher signature (ECDSA error ${a.reason})` },
  WrongSigner: { text: (a) => `the voucher is signed by ${a.signer}, not by the sender ${a.sender}` },
  ChallengePeriodActive: { text: (a) => `channel ${a.channelId} can be settled from block ${a.closesAt} (now ${a.blockNumber})` },
  ChallengePeriodEnded: { text: (a) => `the challenge period of ${a.channelId} ended at block ${a.closesAt}` },
};

/** Errors that mean something else in one contract: the whitelist's NotFileOwner is a whitelist failure. */
const BY_CONTRACT: Record<string, Record<string, Entry>> = {
  FileWhitelist: { NotFileOwner: { code: 55019, table: REST, text: (a) => `${a.caller} does not own deal ${a.fileHash}` } },
};

const CONTRACTS = [
  "DSPToken", "NodeRegistry", "FileLedger", "UserSpaceLedger", "FileWhitelist", "PDPVerifier", "AccountRegistry", "DNSRegistry", "PaymentChannels", "ScanRegistry",
  "DSPTimelock",
] as const;
export type ContractKind = (typeof CONTRACTS)[number];

/** Every error of every DSP contract, once (shared errors have one selector whoever declares them). */
const ALL_ERRORS = new Interface(
  [...new Map(
    CONTRACTS.flatMap((c) => (factories[`${c}__factory`].abi as unknown as { type: string; name: string; inputs: { type: string }[] }[])
      .filter((f) => f.type === "error")
      .map((f) => [`${f.name}(${f.inputs.map((i) => i.type).join(",")})`, f] as const)),
  ).values()] as InterfaceAbi,
);

/**
 * The revert data inside an ethers error: it nests differently for estimateGas, call and send, and
 * as an object `data` when hardhat's node rejects a raw transaction that reverted.
 */
export function revertData(e: unknown, depth = 0): string | undefined {
  if (typeof e !== "object" || e === null || depth > 5) return undefined;
  const o = e as Record<string, unknown>;
  if (typeof o.data === "string" && /^0x[0-9a-fA-F]{8}/.test(o.data)) return o.data;
  for (const k of ["error", "info", "cause", "data"]) {
    const found = revertData(o[k], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** The name of the DSP contract error that `e` carries, whichever contract raised it; undefined for any other failure. */
export function revertName(e: unknown): string | undefined {
  const data = revertData(e);
  if (!data) return undefined;
  try {
    return ALL_ERRORS.parseError(data)?.name;
  } catch {
    return undefined; // not one of ours
  }
}

function namedArgs(d: ErrorDescription): Args {
  return Object.fromEntries(d.fragment.inputs.map((input, i) => [input.name || String(i), d.args[i]]));
}

/**
 * The DspError for a failed ledger call: a decoded revert, missing gas money, an unreachable
 * chain; a DspError passes through. `contract` picks the meaning of errors that differ by
 * contract.
 */
export function ledgerError(e: unknown, op: Op, contract?: ContractKind): DspError {
  if (e instanceof DspError) return e;
  const data = revertData(e);
  const decoded = data ? ALL_ERRORS.parseError(data) : null;
  if (decoded) {
    const entry = (contract && BY_CONTRACT[contract]?.[decoded.name]) ?? COMMON[decoded.name];
    const args = namedArgs(decoded);
    const code = entry?.code ?? op.code;
    const table = entry?.code !== undefined ? entry.table : op.table;
    const text = entry ? entry.text(args) : `${decoded.name}(${decoded.args.join(", ")})`;
    return new ContractRevertError(op.what, decoded.name, args, code, text, { cause: e, table, details: `reverted with ${decoded.signature}` });
  }
  const ethersCode = (e as { code?: string })?.code;
  if (ethersCode === "INSUFFICIENT_FUNDS") return new InsufficientFunds(op.what, { cause: e });
  if (ethersCode === "CALL_EXCEPTION") {
    // A revert without data: a require without message, an out-of-gas, a call to no contract.
    const reason = (e as { reason?: string }).reason;
    return new ContractRevertError(op.what, "unknown", {}, op.code, reason ? `reverted: ${reason}` : "the transaction reverted", { cause: e, table: op.table });
  }
  const message = (e as { shortMessage?: string; message?: string })?.shortMessage ?? (e as Error)?.message ?? String(e);
  return new ChainUnavailable(op.what, message, { cause: e });
}

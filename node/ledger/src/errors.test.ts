import { expect } from "chai";
import { Interface, type InterfaceAbi } from "ethers";
import { ContractRevertError, ledgerError, revertName } from "./errors.js";
import { DSPTimelock__factory, FileLedger__factory, FileWhitelist__factory, NodeRegistry__factory, PDPVerifier__factory } from "./contracts.js";

const DEAL = `0x${"d1".repeat(32)}`;
const NODE = "0x00000000000000000000000000000000000000A1";
const OP = { what: "some op", code: 40005, table: "rest_error" as const };

/** What an ethers call error carries for a revert of `name(args)` declared by `abi`. */
function revert(abi: unknown, name: string, args: unknown[]) {
  return { code: "CALL_EXCEPTION", data: new Interface(abi as InterfaceAbi).encodeErrorResult(name, args) };
}

describe("ledger: revert decoding (ledger v2 errors)", () => {
  const ledger = FileLedger__factory.abi;
  const verifier = PDPVerifier__factory.abi;
  for (const [abi, name, args, code, codeName, text] of [
    [ledger, "NotOffered", [DEAL, NODE], 40000, "INVALID_PARAMS", `${NODE} holds no offer in deal ${DEAL}`],
    [ledger, "OfferClosed", [DEAL, NODE, 120n], 50016, "TASK_WAIT_TIMEOUT", `the offer of deal ${DEAL} to ${NODE} closed at block 120`],
    [ledger, "OfferStillOpen", [DEAL, NODE, 120n], 40000, "INVALID_PARAMS", "is open until block 120"],
    [ledger, "NodeNotFaulted", [NODE], 40000, "INVALID_PARAMS", `node ${NODE} proved its latest period`],
    [ledger, "NotHolder", [DEAL, NODE], 40000, "INVALID_PARAMS", `${NODE} does not hold deal ${DEAL}`],
    [ledger, "FileNotFound", [DEAL], 50021, "FILE_NOT_FOUND_FROM_CHAIN", `deal ${DEAL} is not on the chain`],
    [ledger, "FileAlreadyStored", [DEAL], 50005, "FILE_HAS_UPLOADED", `deal ${DEAL} is already stored`],
    [ledger, "DeleteFileAccessDenied", [DEAL, NODE], 50049, "DELETE_FILE_ACCESS_DENIED", `${NODE} may not delete deal ${DEAL}`],
    [ledger, "NotExpired", [DEAL, 300n, 250n], 40000, "INVALID_PARAMS", "runs until block 300 (now 250)"],
    [ledger, "NotFileOwner", [DEAL, NODE], 40005, "CONTRACT_ERROR", `${NODE} does not own deal ${DEAL}`],
    [ledger, "ExpiryTooSoon", [10n, 200n], 55063, "DSP_CUSTOM_EXPIRED_NOT_ENOUGH", "below the minimum 200"],
    [NodeRegistry__factory.abi, "PledgeTooLow", [NODE, 5n * 10n ** 17n, 10n ** 18n], 50015, "RECEIVERS_REJECTED", `node ${NODE} has a pledge of 0.5 DSP, its volume requires 1.0 DSP`],
    [verifier, "ProofSetFrozen", [NODE, 40n, 53n], 50015, "RECEIVERS_REJECTED", "frozen from block 40 until its period ending at block 53 is proved or reported: retry after that"],
    [verifier, "PieceEndsTooSoon", [90n, 100n], 55063, "DSP_CUSTOM_EXPIRED_NOT_ENOUGH", "expires at block 90, before the node's first period closes at block 100"],
    [verifier, "InvalidProof", [NODE, 3n, 2n, `0x${"11".repeat(16)}`, `0x${"22".repeat(16)}`], 50017, "FILE_UPLOADED_CHECK_PDP_FAILED", `invalid proof by ${NODE} for period 3: piece 2 leads to root 0x${"22".repeat(16)}`],
    [verifier, "ProofSizeMismatch", [64n, 32n, 160n, 160n], 50017, "FILE_UPLOADED_CHECK_PDP_FAILED", "32 bytes of leaves"],
    [verifier, "NothingToProve", [NODE], 50017, "FILE_UPLOADED_CHECK_PDP_FAILED", `node ${NODE} has nothing in its proof set`],
    [verifier, "ChallengeNotOpen", [NODE, 4n, 90n, 85n], 50017, "FILE_UPLOADED_CHECK_PDP_FAILED", "opens after block 90 (now 85)"],
    [verifier, "ProvingPeriodPassed", [NODE, 4n, 100n, 101n], 50017, "FILE_UPLOADED_CHECK_PDP_FAILED", "closed at block 100"],
    [verifier, "ProofNotOverdue", [NODE, 4n, 100n], 40000, "INVALID_PARAMS", `period 4 of ${NODE} can be proved until block 100`],
    [FileWhitelist__factory.abi, "RuleNotFound", [DEAL, NODE], 55019, "DSP_WHITELIST_OP_FAILED", `${NODE} is not on the whitelist of deal ${DEAL}`],
  ] as const) {
    it(`${name}: ${code} ${codeName}`, () => {
      const e = ledgerError(revert(abi, name, [...args]), OP, "FileLedger");
      expect(e).to.be.instanceOf(ContractRevertError);
      expect(e).to.include({ code, codeName, reason: name });
      expect(e.message).to.contain(text);
      expect(e.message).to.match(/^some op: /);
      expect(revertName(revert(abi, name, [...args]))).to.equal(name);
    });
  }

  it("an error with no code of its own takes the operation's: a timelock refusal, the verifier's ledger-only guard", () => {
    const t = ledgerError(revert(DSPTimelock__factory.abi, "TimelockUnexpectedOperationState", [DEAL, `0x${"00".repeat(31)}02`]), OP);
    expect(t).to.include({ code: 40005, reason: "TimelockUnexpectedOperationState" });
    expect(t.message).to.contain(`timelock operation ${DEAL} is not in the expected state`);
    const n = ledgerError(revert(verifier, "NotLedger", [NODE]), { what: "accept deal", code: 50015 });
    expect(n).to.include({ code: 50015, reason: "NotLedger" });
    expect(n.message).to.contain(`${NODE} is not the file ledger`);
  });

  it("the whitelist's NotFileOwner is a whitelist failure (55019), the ledger's an operation failure", () => {
    const data = revert(FileWhitelist__factory.abi, "NotFileOwner", [DEAL, NODE]);
    expect(ledgerError(data, OP, "FileWhitelist")).to.include({ code: 55019 });
    expect(ledgerError(data, OP, "FileLedger")).to.include({ code: 40005 });
    expect(ledgerError(data, OP, "FileLedger").message).to.contain(`does not own deal ${DEAL}`);
  });
});

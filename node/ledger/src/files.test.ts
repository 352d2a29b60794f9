import { expect } from "chai";
import { buildProof } from "@dsp/core";
import { addWhitelist, deleteFiles, fileInfo, fileProofs, listFiles, removeWhitelist, tokenBalance, whitelistOf } from "./index.js";
import { failure, registerTestNode, storeTestFile, type TestAccount, type TestChain, type TestFile, withAccounts } from "@dsp/testkit";

const UNKNOWN = `0x${"ab".repeat(32)}`;

describe("ledger: files", function () {
  const f = withAccounts("dsp-ledger-files-", 4);
  let chain: TestChain;
  let owner: TestAccount, other: TestAccount, n1: TestAccount, n2: TestAccount;
  let file: TestFile;
  before(async () => {
    chain = f.chain;
    [owner, other, n1, n2] = f.accounts;
    await registerTestNode(n1, 4101);
    await registerTestNode(n2, 4102);
    file = await storeTestFile(owner, [n1.address, n2.address], "files-a");
  });

  it("reads a stored file's info with its holders", async () => {
    const info = await fileInfo(other.ledger, file.fileHash);
    expect(info).to.include({ fileHash: file.fileHash, owner: owner.address, fileDesc: "file files-a", privilege: "public", copyNum: 1, valid: true, realFileSize: 4096n });
    expect(info.holders.map((h) => h.node)).to.deep.equal([n1.address, n2.address]);
    expect(info.holders.every((h) => h.active && !h.started && h.proofsLeft > 0n)).to.equal(true);
  });

  it("an unknown file is 50021 FILE_NOT_FOUND_FROM_CHAIN, and a malformed hash 40000 before any call", async () => {
    const e = await failure(fileInfo(owner.ledger, UNKNOWN));
    expect(e).to.include({ code: 50021, codeName: "FILE_NOT_FOUND_FROM_CHAIN", reason: "FileNotFound" });
    expect(e.message).to.contain(`file ${UNKNOWN} is not on the chain (DSP 50021 FILE_NOT_FOUND_FROM_CHAIN)`);
    expect(await failure(fileInfo(owner.ledger, "0x1234"))).to.include({ code: 40000 });
  });

  it("lists the owner's live files from the chain's events", async () => {
    const list = await listFiles(other.ledger, owner.address);
    expect(list.map((f) => f.fileHash)).to.deep.equal([file.fileHash]);
    expect(await listFiles(other.ledger, other.address)).to.deep.equal([]);
  });

  it("whitelist: the owner adds and removes rules; anyone else is refused with 55019", async () => {
    const rules = await addWhitelist(owner.ledger, file.fileHash, [{ addr: other.address, fromHeight: 5n, toHeight: 500n }]);
    expect(rules).to.deep.equal([{ addr: other.address, fromHeight: 5n, toHeight: 500n }]);
    const e = await failure(addWhitelist(other.ledger, file.fileHash, [{ addr: other.address }]));
    expect(e).to.include({ code: 55019, codeName: "DSP_WHITELIST_OP_FAILED", reason: "NotFileOwner" });
    expect(await failure(removeWhitelist(owner.ledger, file.fileHash, [n1.address]))).to.include({ code: 55019, reason: "RuleNotFound" });
    expect(await failure(addWhitelist(owner.ledger, file.fileHash, [{ addr: other.address, fromHeight: 9n, toHeight: 1n }]))).to.include({ code: 40000 });
    expect(await removeWhitelist(owner.ledger, file.fileHash, [other.address])).to.deep.equal([]);
    expect(await whitelistOf(other.ledger, file.fileHash)).to.deep.equal([]);
  });

  it("lists each holder's challenge and the proofs submitted", async () => {
    const before = await fileProofs(owner.ledger, file.fileHash);
    expect(before.proofs).to.deep.equal([]);
    const h = before.holders.find((x) => x.node === n1.address)!;
    const now = await chain.head();
    if (now <= h.challengeHeight) await chain.mine(h.challengeHeight - now + 1n);
    const [, , , indices] = await n1.ledger.contracts.verifier.challengeOf(file.fileHash, n1.address);
    const { leaves, proof } = buildProof(file.tree, indices.map(Number));
    await (await n1.ledger.contracts.verifier.prove(file.fileHash, leaves, proof)).wait();
    const after = await fileProofs(owner.ledger, file.fileHash);
    expect(after.proofs).to.have.length(1);
    expect(after.proofs[0]).to.include({ node: n1.address, challengeHeight: h.challengeHeight, proofIndex: 0n });
    expect(after.holders.find((x) => x.node === n1.address)).to.include({ started: true, proofsDone: 1n });
  });

  it("delete: someone else is refused with 50049, an unknown file with 50021, an empty list with 50047", async () => {
    const e = await failure(deleteFiles(other.ledger, [file.fileHash]));
    expect(e).to.include({ code: 50049, codeName: "DELETE_FILE_ACCESS_DENIED", reason: "DeleteFileAccessDenied" });
    expect(await failure(deleteFiles(owner.ledger, [UNKNOWN]))).to.include({ code: 50021 });
    expect(await failure(deleteFiles(owner.ledger, []))).to.include({ code: 50047, reason: "NoFilesToDelete" });
    expect((await fileInfo(owner.ledger, file.fileHash)).valid).to.equal(true);
  });

  it("the owner deletes the file and gets the unearned escrow back", async () => {
    const balance = await tokenBalance(owner.ledger, owner.address);
    const refund = await deleteFiles(owner.ledger, [file.fileHash]);
    expect(refund > 0n).to.equal(true);
    expect((await tokenBalance(owner.ledger, owner.address)) - balance).to.equal(refund);
    expect(await listFiles(owner.ledger, owner.address)).to.deep.equal([]);
    expect(await failure(fileInfo(owner.ledger, file.fileHash))).to.include({ code: 50021 });
  });
});

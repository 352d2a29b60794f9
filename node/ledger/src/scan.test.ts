import { expect } from "chai";
import { parseEther } from "ethers";
import { InvalidParams } from "@dsp/core";
import {
  addScanPledge, challengeAnswer, ContractRevertError, encodeAnswer, listAllScanNodes, listScanNodes, quitScanNode, reduceScanPledge,
  registerScanNode, scanNode, scanParams, signClaim, tokenBalance, unregisterScanNode, updateScanNode, withdrawScanNode, CLAIM_KIND,
} from "./index.js";
import { failure, registerTestNode, storeTestFile, type TestAccount, type TestChain, withAccounts } from "@dsp/testkit";

const HOST = (i: number) => `/ip4/127.0.0.1/tcp/${7000 + i}/p2p/12D3KooWScanClient${i}`;

describe("ledger: SCAN nodes", function () {
  const f = withAccounts("dsp-ledger-scan-", 5);
  let chain: TestChain;
  let scanA: TestAccount, scanB: TestAccount, fsNode: TestAccount, owner: TestAccount, outsider: TestAccount;
  let min: bigint;
  before(async () => {
    chain = f.chain;
    [scanA, scanB, fsNode, owner, outsider] = f.accounts;
    min = (await scanParams(scanA.ledger)).minPledge;
  });

  it("registers with the pledge approved first, and lists the node as a member", async () => {
    const before = await tokenBalance(scanA.ledger, scanA.address);
    const n = await registerScanNode(scanA.ledger, { hostAddr: HOST(0), pledge: min + parseEther("1") });
    expect(n).to.include({ address: scanA.address, status: "active", member: true, hostAddr: HOST(0), pledge: min + parseEther("1"), quitAt: 0n });
    expect(before - (await tokenBalance(scanA.ledger, scanA.address))).to.equal(min + parseEther("1"));
    const page = await listScanNodes(outsider.ledger, 0n, 1000n);
    expect(page.total).to.equal(BigInt(page.nodes.length));
    expect(page.nodes.map((x) => x.address)).to.include(scanA.address);
    expect((await listAllScanNodes(outsider.ledger)).map((x) => x.address)).to.include(scanA.address);
  });

  it("refuses bad input before sending anything, and contract refusals with the operation's code", async () => {
    expect(await failure(registerScanNode(scanB.ledger, { hostAddr: "", pledge: min }))).to.be.instanceOf(InvalidParams);
    expect(await failure(registerScanNode(scanB.ledger, { hostAddr: HOST(1), pledge: "lots" }))).to.be.instanceOf(InvalidParams);
    expect((await scanNode(scanB.ledger, scanB.address)).status).to.equal("none");

    const twice = await failure(registerScanNode(scanA.ledger, { hostAddr: HOST(0), pledge: min }));
    expect(twice).to.be.instanceOf(ContractRevertError);
    expect(twice).to.include({ code: 55050, codeName: "DSP_DNS_REGISTER_FAILED", reason: "ScanNodeAlreadyRegistered" });
    expect(twice.message).to.match(/^register SCAN node: 0x[0-9a-fA-F]{40} is already registered as a SCAN node/);
    const small = await failure(registerScanNode(scanB.ledger, { hostAddr: HOST(1), pledge: min - 1n }));
    expect(small).to.include({ code: 55050, reason: "PledgeTooSmall" });
    expect(await failure(updateScanNode(scanB.ledger, HOST(1)))).to.include({ code: 55052, codeName: "DSP_DNS_UPDATE_FAILED", reason: "ScanNodeNotRegistered" });
    expect(await failure(addScanPledge(scanB.ledger, "1"))).to.include({ code: 55055, reason: "ScanNodeNotRegistered" });
    expect(await failure(reduceScanPledge(scanA.ledger, parseEther("2")))).to.include({ code: 55056, codeName: "DSP_DNS_REDUCEPOS_FAILED", reason: "PledgeBelowMinimum" });
    expect(await failure(withdrawScanNode(scanA.ledger))).to.include({ code: 55053, reason: "ScanNodeStillActive" });
    expect(await failure(quitScanNode(scanB.ledger))).to.include({ code: 55054, codeName: "DSP_DNS_QUIT_FAILED", reason: "ScanNodeNotRegistered" });
    expect(await failure(unregisterScanNode(scanB.ledger))).to.include({ code: 55051, codeName: "DSP_DNS_UNREGISTER_FAILED" });
    expect((await scanNode(scanA.ledger, scanA.address)).pledge).to.equal(min + parseEther("1"));
  });

  it("updates the address and moves pledge up and down", async () => {
    expect(await updateScanNode(scanA.ledger, HOST(9))).to.include({ hostAddr: HOST(9) });
    expect((await addScanPledge(scanA.ledger, "2")).pledge).to.equal(min + parseEther("3"));
    const before = await tokenBalance(scanA.ledger, scanA.address);
    expect((await reduceScanPledge(scanA.ledger, "3")).pledge).to.equal(min);
    expect((await tokenBalance(scanA.ledger, scanA.address)) - before).to.equal(parseEther("3"));
  });

  it("challenges a false signed answer once: the challenger is paid, a second try is 40005 ClaimAlreadySlashed", async () => {
    await registerScanNode(scanB.ledger, { hostAddr: HOST(1), pledge: min * 2n });
    await registerTestNode(fsNode, 7100);
    const file = await storeTestFile(chain, owner, [fsNode], "scan-client");
    const height = await chain.head();
    const { chainId, contracts } = scanB.ledger.deployments;
    // the subject of a file claim is the deal id (ledger v2)
    const lie = signClaim(scanB.pair, { kind: CLAIM_KIND.FILE_OWNER, subject: file.dealId, answer: encodeAnswer(CLAIM_KIND.FILE_OWNER, outsider.address), height }, contracts.scanRegistry, chainId);
    const { slashAmount, challengerShareBps } = await scanParams(outsider.ledger);
    const before = await tokenBalance(outsider.ledger, outsider.address);
    const r = await challengeAnswer(outsider.ledger, lie);
    expect(r).to.include({ node: scanB.address, amount: slashAmount, reward: (slashAmount * BigInt(challengerShareBps)) / 10_000n, pledgeLeft: min * 2n - slashAmount, removed: false });
    expect((await tokenBalance(outsider.ledger, outsider.address)) - before).to.equal(r.reward);
    const again = await failure(challengeAnswer(outsider.ledger, lie));
    expect(again).to.include({ code: 40005, codeName: "CONTRACT_ERROR", reason: "ClaimAlreadySlashed" });

    const truth = signClaim(scanB.pair, { kind: CLAIM_KIND.FILE_OWNER, subject: file.dealId, answer: encodeAnswer(CLAIM_KIND.FILE_OWNER, owner.address), height }, contracts.scanRegistry, chainId);
    expect(await failure(challengeAnswer(outsider.ledger, truth))).to.include({ code: 40005, reason: "ClaimIsTrue" });
    // checked before sending: another registry, a signature that is not the stated signer's
    expect(await failure(challengeAnswer(outsider.ledger, { ...truth, registry: outsider.address }))).to.be.instanceOf(InvalidParams);
    expect(await failure(challengeAnswer(outsider.ledger, { ...truth, signer: outsider.address }))).to.be.instanceOf(InvalidParams);
    expect((await scanNode(outsider.ledger, scanB.address)).pledge).to.equal(min * 2n - slashAmount);
  });

  it("quits, refuses to withdraw during the notice period (55053), then returns the pledge", async () => {
    const q = await quitScanNode(scanA.ledger);
    expect(q).to.include({ status: "quitting", member: false });
    expect(q.withdrawableAt - q.quitAt).to.equal((await scanParams(scanA.ledger)).quitNoticeBlocks);
    const early = await failure(withdrawScanNode(scanA.ledger));
    expect(early).to.include({ code: 55053, codeName: "DSP_DNS_WITHDRAW_FAILED", reason: "NoticePeriodNotOver" });
    expect(early.message).to.contain(`runs until block ${q.withdrawableAt}`);
    await chain.mine(q.withdrawableAt - (await chain.head()));
    const before = await tokenBalance(scanA.ledger, scanA.address);
    expect(await withdrawScanNode(scanA.ledger)).to.equal(min);
    expect((await tokenBalance(scanA.ledger, scanA.address)) - before).to.equal(min);
    expect((await scanNode(scanA.ledger, scanA.address)).status).to.equal("none");
  });
});

import { expect } from "chai";
import { bindUrl, deleteName, parseName, queryName, registerHeader, registerUrl, transferName, updateName, type UrlRecord } from "./index.js";
import { failure, type TestAccount, type TestChain, withAccounts } from "@dsp/testkit";

describe("ledger: dns", function () {
  const f = withAccounts("dsp-ledger-dns-", 2);
  let chain: TestChain;
  let alice: TestAccount, bob: TestAccount;
  before(async () => {
    chain = f.chain;
    [alice, bob] = f.accounts;
  });

  it("parses names as the user types them", () => {
    expect(parseName("films")).to.deep.equal({ header: "films" });
    expect(parseName("films://a/b")).to.deep.equal({ header: "films", url: "a/b" });
    expect(() => parseName("films://")).to.throw(/header:\/\/url/);
  });

  it("registers a header, then a custom url under it, and resolves it", async () => {
    const head = await chain.head();
    const h = await registerHeader(alice.ledger, { header: "films", desc: "my films", expiredHeight: head + 1000n });
    expect(h).to.include({ kind: "header", name: "films", owner: alice.address, desc: "my films", live: true, expiredHeight: head + 1000n });
    const u = await registerUrl(alice.ledger, { header: "films", url: "night", link: "dsp://file?hash=0x01" });
    expect(u).to.include({ name: "films://night", owner: alice.address, link: "dsp://file?hash=0x01", mode: 3 });
    expect(await queryName(bob.ledger, "films://night")).to.deep.equal(u);
  });

  it("registers a random url under the default header (mode 0)", async () => {
    const u = (await registerUrl(bob.ledger, { link: "dsp://x" })) as UrlRecord;
    expect(u.mode).to.equal(0);
    expect(u.header).to.equal("dsp");
    expect(u.url).to.match(/^[0-9a-z]+$/);
    expect((await queryName(alice.ledger, u.name)).owner).to.equal(bob.address);
  });

  it("a taken name is 55013 DSP_UPLOAD_URL_EXIST; a header owned by someone else is 55040", async () => {
    await registerUrl(alice.ledger, { url: "taken" });
    const e = await failure(registerUrl(bob.ledger, { url: "taken" }));
    expect(e).to.include({ code: 55013, codeName: "DSP_UPLOAD_URL_EXIST", reason: "UrlAlreadyExists" });
    expect(await failure(registerUrl(bob.ledger, { header: "films", url: "mine" }))).to.include({ code: 55040, reason: "NotHeaderOwner" });
    expect(await failure(registerHeader(bob.ledger, { header: "films", expiredHeight: (await chain.head()) + 10n }))).to.include({ code: 55040, reason: "HeaderAlreadyRegistered" });
  });

  it("binds, updates and transfers a url; only the owner may (55041)", async () => {
    expect((await bindUrl(alice.ledger, "films://night", "dsp://file?hash=0x02")).link).to.equal("dsp://file?hash=0x02");
    expect(await failure(bindUrl(bob.ledger, "films://night", "dsp://evil"))).to.include({ code: 55041, reason: "NotUrlOwner" });
    const u = (await updateName(alice.ledger, "films://night", { desc: "a night" })) as UrlRecord;
    expect(u).to.include({ desc: "a night", link: "dsp://file?hash=0x02" });
    expect((await transferName(alice.ledger, "films://night", bob.address)).owner).to.equal(bob.address);
    expect(await failure(bindUrl(alice.ledger, "films://night", "dsp://y"))).to.include({ code: 55041 });
  });

  it("deletes a url and a header; an unknown name is 55016 on query", async () => {
    await deleteName(bob.ledger, "films://night");
    expect(await failure(queryName(alice.ledger, "films://night"))).to.include({ code: 55016, reason: "UrlNotFound" });
    await deleteName(alice.ledger, "films");
    expect(await failure(queryName(alice.ledger, "films"))).to.include({ code: 55016 });
    expect(await failure(deleteName(alice.ledger, "dsp"))).to.include({ code: 55041 });
  });
});

import { expect } from "chai";
import { DspError, InvalidParams, statusName, TransmissionState } from "./index.js";

describe("DspError", () => {
  it("carries the spec's code, its name and a short message", () => {
    const e = new DspError(50046, "wrong decryption password");
    expect(e.code).to.equal(50046);
    expect(e.codeName).to.equal("DECRYPT_WRONG_PASSWORD");
    expect(e.message).to.equal("wrong decryption password (DSP 50046 DECRYPT_WRONG_PASSWORD)");
    expect(e).to.be.instanceOf(Error);
  });

  it("looks REST codes up in the REST table when told", () => {
    expect(new DspError(50015, "wrong password", { table: "rest_error" }).codeName).to.equal("ACCOUNT_PASSWORD_WRONG");
    expect(statusName(50015)).to.equal("RECEIVERS_REJECTED");
    expect(statusName(40010)).to.equal("INVALID_WALLET_ADDRESS");
  });

  it("keeps the cause and names subclasses", () => {
    const cause = new Error("boom");
    const e = new InvalidParams("bad size", { cause, details: "size must be >= 0" });
    expect(e.name).to.equal("InvalidParams");
    expect(e.cause).to.equal(cause);
    expect(e.code).to.equal(40000);
    expect(e.message).to.contain("size must be >= 0");
  });

  it("exposes the transmission states by name", () => {
    expect(TransmissionState.TaskUploadFileMakeSlice).to.equal(3);
    expect(TransmissionState.TaskDownloadFileMakeSeed).to.equal(25);
  });
});

/** wa.me and UPI links (issue 8): what the operator's phone opens. */
import { describe, expect, it } from "vitest";
import { issuePaths } from "./issue-paths.js";
import { upiLink, waLink } from "../../src/next/index.js";

describe("waLink", () => {
  it("uses the E.164 digits without + and encodes the text with encodeURIComponent", () => {
    expect(waLink("+919876543210", "Hi Asha")).toBe("https://wa.me/919876543210?text=Hi%20Asha");
    expect(waLink("+14155550123", "a+b & c?\n*₹5,000*")).toBe("https://wa.me/14155550123?text=a%2Bb%20%26%20c%3F%0A*%E2%82%B95%2C000*");
    expect(waLink("+919876543210")).toBe("https://wa.me/919876543210");
    expect(waLink("+919876543210", "")).toBe("https://wa.me/919876543210");
  });

  it("rejects what is not E.164, naming phone", () => {
    for (const bad of ["919876543210", "+0919876543", "+91 98765 43210", "+12345", "+1234567890123456", "", "+91-9876543210"]) {
      expect(issuePaths(() => waLink(bad, "x")), bad).toEqual(["phone"]);
    }
  });
});

describe("upiLink", () => {
  it("builds pa, pn, am (two decimals from paise), cu=INR, tn and tr in that order, spaces as %20", () => {
    expect(upiLink({ vpa: "trust@okaxis", name: "Seva Trust", amount: 1500, note: "School fund" })).toBe(
      "upi://pay?pa=trust@okaxis&pn=Seva%20Trust&am=1500.00&cu=INR&tn=School%20fund",
    );
    expect(upiLink({ vpa: "seva.trust-1_a@ybl", name: "Seva & Sons", amount: "10.5", note: "Pledge 1+1", ref: "PLG 42" })).toBe(
      "upi://pay?pa=seva.trust-1_a@ybl&pn=Seva%20%26%20Sons&am=10.50&cu=INR&tn=Pledge%201%2B1&tr=PLG%2042",
    );
    expect(upiLink({ vpa: "trust@okaxis", name: "Seva", amount: 0.1, note: "x" })).toContain("&am=0.10&");
  });

  it("leaves the amount to the payer when none is given", () => {
    expect(upiLink({ vpa: "trust@okaxis", name: "Seva", note: "Pledge" })).toBe("upi://pay?pa=trust@okaxis&pn=Seva&cu=INR&tn=Pledge");
  });

  it("does not cap amounts at the ₹1 lakh P2P day limit (banks differ), but keeps NUMERIC(12,2)", () => {
    expect(upiLink({ vpa: "trust@okaxis", name: "Seva", amount: 250000, note: "x" })).toContain("am=250000.00");
    expect(issuePaths(() => upiLink({ vpa: "trust@okaxis", name: "Seva", amount: 1e10, note: "x" }))).toEqual(["amount"]);
  });

  it("rejects a bad VPA, name, amount or ref, naming the field", () => {
    const ok = { vpa: "trust@okaxis", name: "Seva", amount: 100, note: "x" };
    for (const vpa of ["trust", "t@okaxis", "trust@1bank", "trust@okaxis@x", "tr ust@okaxis", "trust@o"]) expect(issuePaths(() => upiLink({ ...ok, vpa })), vpa).toEqual(["vpa"]);
    expect(issuePaths(() => upiLink({ ...ok, name: "  " }))).toEqual(["name"]);
    for (const amount of [0, -5, 1.005, "1e3", "abc", Number.NaN]) expect(issuePaths(() => upiLink({ ...ok, amount })), String(amount)).toEqual(["amount"]);
    expect(issuePaths(() => upiLink({ ...ok, ref: "" }))).toEqual(["ref"]);
  });
});

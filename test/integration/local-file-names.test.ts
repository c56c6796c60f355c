import { describe, expect, it } from "vitest";
import { api, key, P, url } from "./local-helpers.js";

/** The name a browser or curl recovers from `filename*=UTF-8''...` (RFC 6266 / 8187). */
const nameFrom = (res: Response): string => {
  const m = /filename\*=UTF-8''([^;\s]*)/.exec(res.headers.get("content-disposition") ?? "");
  return m === null ? "" : decodeURIComponent(m[1]!);
};

const download = (id: string) => fetch(`${url()}${P()}/database/files/${id}/download`, { headers: { "X-API-Key": key() } });

describe("local server: file names and content types", () => {
  it("downloads, directly and through a presigned URL, any stored name exactly", async () => {
    for (const name of ["Квитанция №5 – ₹500.pdf", "tab\there\r\nnew\u0001line.txt", 'quote" back\\slash %20 (1)*.txt', "😀 emoji.png"]) {
      const up = await api("POST", `${P()}/database/files`, { file_name: name, file_content: Buffer.from("hi").toString("base64"), content_type: "text/plain; charset=utf-8" });
      expect(up.status, name).toBe(201);
      const direct = await download(up.body.file_id);
      expect(direct.status, name).toBe(200);
      expect(direct.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(nameFrom(direct), name).toBe(name);
      expect(await direct.text()).toBe("hi");
      const p = await api("POST", `${P()}/database/files/${up.body.file_id}/presigned-url`, { operation: "download" });
      const signed = await fetch(p.body.url);
      expect(signed.status, name).toBe(200);
      expect(nameFrom(signed), name).toBe(name);
    }
  });

  it("refuses with 422 a content_type that is not a valid media type", async () => {
    for (const content_type of ["text/plain\r\nSet-Cookie: a=b", "téxt/plain", "text/plain; name=é", "not a type", "text/"]) {
      const r = await api("POST", `${P()}/database/files`, { file_name: "a.txt", file_content: "aGk=", content_type });
      expect(r.status, content_type).toBe(422);
      expect(r.body.detail[0].loc, content_type).toEqual(["body", "content_type"]);
    }
  });

  it("refuses a presigned upload whose Content-Type is not a media type", async () => {
    const up = await api("POST", `${P()}/database/files`, { file_name: "u.bin", file_content: "aGk=" });
    const p = await api("POST", `${P()}/database/files/${up.body.file_id}/presigned-url`, { operation: "upload" });
    const bad = await fetch(p.body.url, { method: "PUT", body: "new", headers: { "Content-Type": "nonsense" } });
    expect(bad.status).toBe(422);
    const ok = await fetch(p.body.url, { method: "PUT", body: "new", headers: { "Content-Type": "text/csv" } });
    expect(ok.status).toBe(200);
    expect((await download(up.body.file_id)).headers.get("content-type")).toBe("text/csv");
  });
});

/** CSV export (issue 8): RFC 4180, only the scope's project, safe to open in a spreadsheet. */
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvariantError } from "../../src/http/errors.js";
import { csvCell, csvRows, toCsv } from "../../src/reports/index.js";
import { tables, type ContactRow, type InteractionRow, type PaymentRow } from "../../src/schema/index.js";
import { issuePaths } from "./issue-paths.js";

const P = "0b9e5c1e-8f1e-4a57-9a53-0d5a4c1f3a11";
const OTHER = "5f0c8a7e-2d3b-4c1a-9e8f-7a6b5c4d3e2f";
const A = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
const C1 = "7d1c2b9a-4e3f-4a5b-8c6d-1e2f3a4b5c6d";

const interaction = (id: string, occurred_at: string, extra: Partial<InteractionRow> = {}): InteractionRow => ({
  id,
  project_id: P,
  contact_id: C1,
  campaign_id: A,
  channel: "call",
  direction: "outbound",
  outcome: "spoke",
  occurred_at,
  created_at: occurred_at,
  ...extra,
});
const payment = (id: string, paid_at: string, extra: Partial<PaymentRow> = {}): PaymentRow => ({
  id,
  project_id: P,
  contact_id: C1,
  campaign_id: A,
  currency: "INR",
  amount: 500,
  paid_at,
  status: "confirmed",
  ...extra,
});
const contact = (id: string, display_name: string, extra: Partial<ContactRow> = {}): ContactRow => ({
  id,
  project_id: P,
  display_name,
  primary_channel: "whatsapp",
  relationship_strength: 3,
  status: "active",
  created_at: "2026-01-09T10:00:00.000Z",
  updated_at: "2026-01-09T10:00:00.000Z",
  ...extra,
});

const records = (csv: string): string[][] => parse(csv, { record_delimiter: "\r\n" }) as string[][];

describe("csvCell", () => {
  it("quotes by RFC 4180 and writes numbers, booleans, dates and JSON as they are", () => {
    expect(csvCell('Rao, "Asha"')).toBe('"Rao, ""Asha"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(-5.5)).toBe("-5.5");
    expect(csvCell(false)).toBe("false");
    expect(csvCell(new Date("2026-01-09T10:00:00Z"))).toBe("2026-01-09T10:00:00.000Z");
    expect(csvCell({ a: [1, "x"] })).toBe('"{""a"":[1,""x""]}"');
  });

  it("prefixes a string that a spreadsheet would run as a formula (OWASP), E.164 numbers in text included", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("+919876543210")).toBe("'+919876543210");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\rx")).toBe("\"'\rx\"");
    expect(csvCell("a=b")).toBe("a=b");
  });
});

describe("toCsv", () => {
  it("writes a header of the table's schema columns and one CRLF line per row", () => {
    const csv = toCsv("interactions", [interaction("i1", "2026-01-09T10:00:00.000Z", { summary: 'Asked to call back, "after 4"', amount_pledged: 2500.5 })], { projectId: P });
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(tables.interactions.columns.join(","));
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe("");
    const [header, row] = records(csv);
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(cell("summary")).toBe('Asked to call back, "after 4"');
    expect(cell("amount_pledged")).toBe("2500.5");
    expect(cell("amount_received")).toBe("");
    expect(toCsv("contacts", [], { projectId: P })).toBe(`${tables.contacts.columns.join(",")}\r\n`);
  });

  it("keeps local dates from..to inclusive in IST: 18:29Z is still the 9th, 18:31Z the 10th", () => {
    const rows = [payment("p1", "2026-01-08T18:29:00.000Z"), payment("p2", "2026-01-08T18:31:00.000Z"), payment("p3", "2026-01-09T18:29:00.000Z"), payment("p4", "2026-01-09T18:31:00.000Z")];
    const ids = (csv: string) => records(csv).slice(1).map((r) => r[0]);
    expect(ids(toCsv("payments", rows, { projectId: P, from: "2026-01-09", to: "2026-01-09" }))).toEqual(["p2", "p3"]);
    expect(ids(toCsv("payments", rows, { projectId: P, from: "2026-01-09" }))).toEqual(["p2", "p3", "p4"]);
    expect(ids(toCsv("payments", rows, { projectId: P, to: "2026-01-09", timeZone: "UTC" }))).toEqual(["p1", "p2", "p3", "p4"]);
    expect(ids(toCsv("payments", rows, { projectId: P, to: "2026-01-08", timeZone: "UTC" }))).toEqual(["p1", "p2"]);
  });

  it("keeps one campaign's interactions and payments; contacts have no campaign to filter by", () => {
    const rows = [interaction("i1", "2026-01-09T10:00:00Z"), interaction("i2", "2026-01-09T10:00:00Z", { campaign_id: null }), interaction("i3", "2026-01-09T10:00:00Z", { campaign_id: OTHER })];
    expect(records(toCsv("interactions", rows, { projectId: P, campaignId: A })).slice(1).map((r) => r[0])).toEqual(["i1"]);
    expect(issuePaths(() => toCsv("contacts", [], { projectId: P, campaignId: A }))).toEqual(["options.campaignId"]);
  });

  it("refuses the whole export when any row is of another project, even one the filters would drop", () => {
    const rows = [interaction("i1", "2026-01-09T10:00:00Z"), interaction("i2", "2020-01-01T00:00:00Z", { project_id: OTHER })];
    const attempt = () => toCsv("interactions", rows, { projectId: P, from: "2026-01-01" });
    expect(attempt).toThrow(InvariantError);
    expect(attempt).toThrow(expect.objectContaining({ rule: "project_isolation", field: "rows[1].project_id" }));
    const lines = csvRows("interactions", rows, { projectId: P });
    expect(() => lines.next()).toThrow(InvariantError);
  });

  it("names a bad kind or option", () => {
    expect(issuePaths(() => toCsv("users" as "contacts", [], { projectId: P }))).toEqual(["kind"]);
    expect(issuePaths(() => toCsv("contacts", [], { projectId: "" }))).toEqual(["options.projectId"]);
    expect(issuePaths(() => toCsv("contacts", [], { projectId: P, from: "09-01-2026" }))).toEqual(["options.from"]);
    expect(issuePaths(() => toCsv("contacts", [], { projectId: P, from: "2026-01-10", to: "2026-01-09" }))).toEqual(["options.to"]);
    expect(issuePaths(() => toCsv("contacts", [], { projectId: P, timeZone: "Mars/Olympus" }))).toEqual(["options.timeZone"]);
    expect(issuePaths(() => toCsv("payments", [payment("p1", "later")], { projectId: P, from: "2026-01-01" }))).toEqual(["rows[0].paid_at"]);
  });

  it("can start with a byte-order mark for spreadsheet apps", () => {
    const csv = toCsv("contacts", [contact("c1", "आशा राव")], { projectId: P, bom: true });
    expect(csv.startsWith("\uFEFFid,project_id,display_name,")).toBe(true);
    expect((parse(csv, { bom: true }) as string[][])[1]![2]).toBe("आशा राव");
  });

  it("round-trips any text through csv-parse to the same cells, formula starts prefixed with '", () => {
    const text = fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", '"', ",", "a", " ") }));
    fc.assert(
      fc.property(fc.array(fc.record({ name: text.filter((s) => s !== ""), notes: fc.option(text, { nil: null }), strength: fc.integer({ min: 1, max: 5 }) }), { maxLength: 15 }), (list) => {
        const rows = list.map((x, i) => contact(`c${i}`, x.name, { notes: x.notes, relationship_strength: x.strength }));
        const [header, ...body] = records(toCsv("contacts", rows, { projectId: P }));
        expect(header).toEqual([...tables.contacts.columns]);
        expect(body).toHaveLength(rows.length);
        const safe = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
        body.forEach((cells, i) => {
          expect(cells[header!.indexOf("display_name")]).toBe(safe(list[i]!.name));
          expect(cells[header!.indexOf("notes")]).toBe(list[i]!.notes === null ? "" : safe(list[i]!.notes!));
          expect(cells[header!.indexOf("relationship_strength")]).toBe(String(list[i]!.strength));
          for (const cell of cells) expect(/^[=+\-@\t\r]/.test(cell)).toBe(false);
        });
      }),
      { numRuns: 500 },
    );
  });
});

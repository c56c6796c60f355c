/** Tool definitions for a chat model (issue 10 §4): schemas, the two API shapes, argument checks. */
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_PAISE } from "../../src/domain/money.js";
import { OUTCOMES } from "../../src/schema/enums.js";
import { callTimeTools, checkToolArgs, LOGGABLE_OUTCOMES, toAnthropicTools, toOpenAITools, toolByName, type ToolName } from "../../src/whatsapp/index.js";

const UUID = "6cd014e4-9d8d-4e2c-b955-7931be01ea74";

/** Keys of a zod object schema a caller must give (neither optional nor defaulted). */
function zodRequired(schema: unknown): string[] {
  const shape = (schema as { _zod: { def: { shape: Record<string, { _zod: { optin?: string } }> } } })._zod.def.shape;
  return Object.keys(shape).filter((k) => shape[k]!._zod.optin === undefined);
}

function keysDeep(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => keysDeep(n, out));
  else if (typeof node === "object" && node !== null) for (const [k, v] of Object.entries(node)) out.push(k), keysDeep(v, out);
  return out;
}

describe("callTimeTools", () => {
  it("has one tool per workflow, uniquely named in snake_case; only the destructive one needs confirmation", () => {
    const names = callTimeTools.map((t) => t.name);
    expect(names).toEqual(["next", "log_interaction", "create_pledge", "record_payment", "reschedule", "due_followups", "complete_followup", "scoreboard", "mark_do_not_contact", "send_whatsapp", "find_contact"]);
    for (const n of names) expect(n).toMatch(/^[a-z][a-z_]{1,63}$/);
    expect(callTimeTools.filter((t) => t.needsConfirmation).map((t) => t.name)).toEqual(["mark_do_not_contact", "send_whatsapp"]);
  });

  it.each(callTimeTools.map((t) => [t.name, t] as const))("%s: an object JSON Schema whose required list is the zod schema's, described, without $schema", (_name, tool) => {
    const js = tool.jsonSchema;
    expect(js.type).toBe("object");
    expect(js.additionalProperties).toBe(false);
    expect([...js.required].sort()).toEqual(zodRequired(tool.inputSchema).sort());
    expect(Object.keys(js.properties).sort()).toEqual(Object.keys((tool.inputSchema as { _zod: { def: { shape: object } } })._zod.def.shape).sort());
    expect(keysDeep(js)).not.toContain("$schema");
    for (const [k, p] of Object.entries(js.properties)) expect(p.description, k).toEqual(expect.any(String));
    expect(tool.description.length).toBeGreaterThan(20);
    expect(tool.description.length).toBeLessThanOrEqual(200);
  });

  it("amounts are rupees and times are ISO-8601 in the schema a model reads", () => {
    const props = toolByName("create_pledge")!.jsonSchema.properties;
    expect(props.amount).toMatchObject({ type: "number", exclusiveMinimum: 0, multipleOf: 0.01 });
    expect(toolByName("reschedule")!.jsonSchema.properties.due_at).toMatchObject({ type: "string", format: "date-time" });
    // a format says it; its long regex would only cost the model tokens
    expect(keysDeep(callTimeTools.map((t) => t.jsonSchema))).not.toContain("pattern");
  });

  it("log_interaction cannot mark do-not-contact (that tool needs confirmation)", () => {
    expect([...LOGGABLE_OUTCOMES]).toEqual(OUTCOMES.filter((o) => o !== "do_not_contact"));
    expect(toolByName("log_interaction")!.jsonSchema.properties.outcome!.enum).not.toContain("do_not_contact");
  });

  it("the function-calling and input_schema shapes", () => {
    const pay = callTimeTools.filter((t) => t.name === "record_payment");
    expect(toOpenAITools(pay)).toMatchInlineSnapshot(`
      [
        {
          "function": {
            "description": "Records money received from a contact, against their pledge when there is one, and says what is still outstanding.",
            "name": "record_payment",
            "parameters": {
              "additionalProperties": false,
              "properties": {
                "amount": {
                  "description": "The amount received in rupees (a number, at most two decimals; 10k is 10000, 1.5 lakh is 150000).",
                  "exclusiveMinimum": 0,
                  "maximum": 9999999999.99,
                  "multipleOf": 0.01,
                  "type": "number",
                },
                "contact_id": {
                  "description": "The contact's id (from next or find_contact).",
                  "format": "uuid",
                  "type": "string",
                },
                "interaction_id": {
                  "description": "The interaction it was received in.",
                  "format": "uuid",
                  "type": "string",
                },
                "method": {
                  "description": "How it was paid; a cheque, NEFT, IMPS or RTGS is bank.",
                  "enum": [
                    "upi",
                    "bank",
                    "cash",
                    "card",
                    "other",
                  ],
                  "type": "string",
                },
                "pledge_id": {
                  "description": "The pledge it pays; omit for a gift with no pledge.",
                  "format": "uuid",
                  "type": "string",
                },
                "reference": {
                  "description": "The UTR or transaction reference.",
                  "maxLength": 200,
                  "minLength": 1,
                  "type": "string",
                },
              },
              "required": [
                "contact_id",
                "amount",
                "method",
              ],
              "type": "object",
            },
          },
          "type": "function",
        },
      ]
    `);
    // the same schema under the other API's keys
    const [openai] = toOpenAITools(pay);
    expect(toAnthropicTools(pay)).toEqual([{ name: "record_payment", description: openai!.function.description, input_schema: openai!.function.parameters }]);
    expect(Object.keys(toAnthropicTools(pay)[0]!)).toMatchInlineSnapshot(`
      [
        "name",
        "description",
        "input_schema",
      ]
    `);
    expect(toOpenAITools()).toHaveLength(callTimeTools.length);
    expect(JSON.parse(JSON.stringify(toAnthropicTools()))).toEqual(toAnthropicTools());
  });
});

describe("checkToolArgs", () => {
  const bad: [ToolName, Record<string, unknown>, string, RegExp][] = [
    ["next", { campaign_id: "c-1" }, "campaign_id", /UUID/],
    ["log_interaction", { contact_id: UUID, outcome: "maybe" }, "outcome", /one of no_response/],
    ["log_interaction", { contact_id: UUID, outcome: "reschedule", reschedule_at: "tomorrow 4pm" }, "reschedule_at", /ISO-8601/],
    ["create_pledge", { contact_id: UUID, amount: "10k" }, "amount", /number of rupees/],
    ["create_pledge", { contact_id: UUID, amount: 10.005 }, "amount", /two decimals/],
    ["create_pledge", { contact_id: UUID, amount: 5000, expected_by: "31/3" }, "expected_by", /YYYY-MM-DD/],
    ["record_payment", { contact_id: UUID, amount: 5000, method: "cheque" }, "method", /upi, bank, cash, card, other/],
    ["record_payment", { contact_id: UUID, amount: -1, method: "upi" }, "amount", /more than 0/],
    ["reschedule", { contact_id: UUID }, "due_at", /required/],
    ["due_followups", { limit: 500 }, "limit", /at most 50/],
    ["complete_followup", { followup_id: 42 }, "followup_id", /UUID/],
    ["scoreboard", { date: "today" }, "date", /YYYY-MM-DD/],
    ["mark_do_not_contact", { reason: "asked" }, "contact_id", /required/],
    ["find_contact", { query: "" }, "query", /empty/],
    ["send_whatsapp", { contact_id: UUID, text: "x".repeat(4097) }, "text", /at most 4096/],
    ["record_payment", { contact_id: UUID, amount: 5, method: "upi", amount_inr: 5 }, "amount_inr", /not an argument/],
  ];
  it.each(bad)("%s %j names %s", (name, args, path, message) => {
    const r = checkToolArgs(name, args);
    expect(r).toMatchObject({ ok: false, code: "invalid_arguments" });
    const issue = !r.ok ? r.issues?.find((i) => i.path === path) : undefined;
    expect(issue?.message).toMatch(message);
    expect(!r.ok && r.message).toContain(path);
  });

  it("takes the JSON text the APIs deliver, fills defaults, and refuses what is not an object", () => {
    expect(checkToolArgs("log_interaction", JSON.stringify({ contact_id: UUID, outcome: "no_response" }))).toMatchObject({
      ok: true,
      args: { contact_id: UUID, outcome: "no_response", channel: "call", direction: "outbound" },
    });
    expect(checkToolArgs("due_followups", "")).toMatchObject({ ok: true, args: { limit: 10 } });
    expect(checkToolArgs("next", undefined)).toMatchObject({ ok: true, args: {} });
    expect(checkToolArgs("next", "{oops")).toMatchObject({ ok: false, code: "invalid_arguments", issues: [{ path: "(arguments)" }] });
    expect(checkToolArgs("next", [1])).toMatchObject({ ok: false, code: "invalid_arguments" });
    expect(checkToolArgs("delete_everything", {})).toMatchObject({ ok: false, code: "unknown_tool", message: expect.stringContaining("record_payment") });
  });

  it("any rupee amount with at most two decimals passes, and one with a third decimal does not", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_PAISE }), (paise) => checkToolArgs("create_pledge", { contact_id: UUID, amount: paise / 100 }).ok),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000 }).filter((m) => m % 10 !== 0), (milli) => !checkToolArgs("create_pledge", { contact_id: UUID, amount: milli / 1000 }).ok),
      { numRuns: 2000 },
    );
  });
});

describe("layering", () => {
  it("the tool definitions stay pure: no transport, api, workflows or local server behind them", () => {
    const src = resolve(import.meta.dirname, "../../src");
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of readFileSync(file, "utf8").matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/g)) visit(resolve(dirname(file), m[1]!.replace(/\.js$/, ".ts")));
    };
    visit(resolve(src, "whatsapp/tools.ts"));
    const reached = [...seen].map((f) => relative(src, f));
    expect(reached).toEqual(expect.arrayContaining(["whatsapp/tools.ts", "domain/money.ts", "schema/enums.ts"]));
    expect(reached.filter((f) => !/^(whatsapp|domain|schema)\//.test(f) && f !== "http/errors.ts")).toEqual([]);
  });
});

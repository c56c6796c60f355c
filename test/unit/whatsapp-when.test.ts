import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "../../src/http/errors.js";
import { resolveWhen } from "../../src/whatsapp/when.js";

// Monday 2 March 2026, 12:00 in Kolkata (UTC+5:30).
const MON_NOON_IST = "2026-03-02T06:30:00Z";

describe("resolveWhen in Asia/Kolkata (the default zone)", () => {
  it.each([
    ["tomorrow 4pm", "2026-03-03T10:30:00.000Z"],
    ["tmrw 4 pm", "2026-03-03T10:30:00.000Z"],
    ["4:30 pm", "2026-03-02T11:00:00.000Z"],
    ["4.30pm", "2026-03-02T11:00:00.000Z"],
    ["16:00", "2026-03-02T10:30:00.000Z"],
    ["at 4", "2026-03-02T10:30:00.000Z"],
    ["call after 6", "2026-03-02T12:30:00.000Z"],
    ["5 o'clock", "2026-03-02T11:30:00.000Z"],
    ["at 9", "2026-03-03T03:30:00.000Z"], // 9 without am/pm is morning; already past today → tomorrow
    ["at 11am", "2026-03-03T05:30:00.000Z"],
    ["evening", "2026-03-02T12:30:00.000Z"],
    ["afternoon", "2026-03-02T09:30:00.000Z"],
    ["tonight", "2026-03-02T14:30:00.000Z"],
    ["morning", "2026-03-03T04:30:00.000Z"], // 10:00 has passed → tomorrow
    ["evening 7", "2026-03-02T13:30:00.000Z"],
    ["7 in the evening", "2026-03-02T13:30:00.000Z"],
    ["morning 8", "2026-03-03T02:30:00.000Z"],
    ["tomorrow", "2026-03-03T04:30:00.000Z"],
    ["day after tomorrow", "2026-03-04T04:30:00.000Z"],
    ["friday", "2026-03-06T04:30:00.000Z"],
    ["this friday", "2026-03-06T04:30:00.000Z"],
    ["next friday", "2026-03-13T04:30:00.000Z"],
    ["monday", "2026-03-09T04:30:00.000Z"], // today is Monday: the coming one is next week's
    ["friday 4:30pm", "2026-03-06T11:00:00.000Z"],
    ["callback Monday morning", "2026-03-09T04:30:00.000Z"],
    ["next week", "2026-03-09T04:30:00.000Z"],
    ["thursday next week", "2026-03-12T04:30:00.000Z"],
    ["in 2 hours", "2026-03-02T08:30:00.000Z"],
    ["in 30 mins", "2026-03-02T07:00:00.000Z"],
    ["in half an hour", "2026-03-02T07:00:00.000Z"],
    ["in an hour", "2026-03-02T07:30:00.000Z"],
    ["after 2 hours", "2026-03-02T08:30:00.000Z"],
    ["in 3 days", "2026-03-05T06:30:00.000Z"],
    ["in 2 days at 5pm", "2026-03-04T11:30:00.000Z"],
    ["in 2 weeks", "2026-03-16T06:30:00.000Z"],
    ["March 31", "2026-03-31T04:30:00.000Z"],
    ["31 March", "2026-03-31T04:30:00.000Z"],
    ["31st of march 5pm", "2026-03-31T11:30:00.000Z"],
    ["31/3", "2026-03-31T04:30:00.000Z"],
    ["15/08/2026", "2026-08-15T04:30:00.000Z"],
    ["1/3", "2027-03-01T04:30:00.000Z"], // 1 March has passed → next year
    ["today 5pm", "2026-03-02T11:30:00.000Z"],
  ])("%s → %s", (text, iso) => {
    expect(resolveWhen(text, { now: MON_NOON_IST })).toBe(iso);
  });

  it.each([["today"], ["today 9am"], ["31/2"], ["30 feb"], ["at 25"], ["call 9876543210"], ["₹5,000"], ["2,50,000"], ["no time here"], ["in 1.5 days"], ["not today, tomorrow"]])(
    "%s → undefined (nothing, impossible, or already past)",
    (text) => {
      expect(resolveWhen(text, { now: MON_NOON_IST })).toBeUndefined();
    },
  );

  it("a time that has passed today with no day named is tomorrow (\"at 4pm\" at 17:00 → tomorrow 16:00)", () => {
    expect(resolveWhen("at 4pm", { now: "2026-03-02T11:30:00Z" })).toBe("2026-03-03T10:30:00.000Z");
  });

  it("rolls over month and year ends", () => {
    expect(resolveWhen("tomorrow 9am", { now: "2026-12-31T10:00:00Z" })).toBe("2027-01-01T03:30:00.000Z");
    expect(resolveWhen("tomorrow", { now: new Date("2026-02-28T10:00:00Z") })).toBe("2026-03-01T04:30:00.000Z");
  });
});

describe("resolveWhen in America/New_York across DST", () => {
  const NY = "America/New_York";
  // Saturday 7 March 2026, 12:00 EST; clocks go forward at 02:00 on Sunday 8 March.
  const SAT_BEFORE_SPRING = "2026-03-07T17:00:00Z";

  it("uses the offset of the target date, not of now", () => {
    expect(resolveWhen("tomorrow 4pm", { now: SAT_BEFORE_SPRING, timeZone: NY })).toBe("2026-03-08T20:00:00.000Z"); // EDT, UTC-4
    expect(resolveWhen("at 4pm", { now: SAT_BEFORE_SPRING, timeZone: NY })).toBe("2026-03-07T21:00:00.000Z"); // EST, UTC-5
    expect(resolveWhen("monday", { now: SAT_BEFORE_SPRING, timeZone: NY })).toBe("2026-03-09T14:00:00.000Z");
  });

  it("a duration is elapsed time, not wall-clock time", () => {
    expect(resolveWhen("in 24 hours", { now: SAT_BEFORE_SPRING, timeZone: NY })).toBe("2026-03-08T17:00:00.000Z"); // 13:00 EDT
  });

  it("a wall time skipped by the spring change moves just after the gap; a repeated one takes the first", () => {
    expect(resolveWhen("tomorrow 2:30am", { now: SAT_BEFORE_SPRING, timeZone: NY })).toBe("2026-03-08T07:30:00.000Z"); // 03:30 EDT
    // Saturday 31 October 2026, 12:00 EDT; clocks go back at 02:00 on Sunday 1 November.
    const satBeforeFall = "2026-10-31T16:00:00Z";
    expect(resolveWhen("tomorrow 1:30 am", { now: satBeforeFall, timeZone: NY })).toBe("2026-11-01T05:30:00.000Z"); // 01:30 EDT
    expect(resolveWhen("tomorrow 9am", { now: satBeforeFall, timeZone: NY })).toBe("2026-11-01T14:00:00.000Z"); // EST
  });
});

describe("resolveWhen: properties and options", () => {
  const zones = ["Asia/Kolkata", "America/New_York", "Europe/London", "Australia/Adelaide"];
  const instants = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 0, 1) });

  it("\"in N minutes\" is exactly N minutes after now in any zone", () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(...zones), (ms, n, timeZone) => {
        expect(resolveWhen(`in ${n} minutes`, { now: new Date(ms), timeZone })).toBe(new Date(ms + n * 60_000).toISOString());
      }),
    );
  });

  it("\"tomorrow H:MM\" reads back as H:MM on the next calendar day in the zone (outside DST gaps)", () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 4, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.constantFrom(...zones), (ms, h, m, timeZone) => {
        const iso = resolveWhen(`tomorrow ${h}:${String(m).padStart(2, "0")}`, { now: new Date(ms), timeZone });
        const fmt = new Intl.DateTimeFormat("en-CA", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
        const today = new Intl.DateTimeFormat("en-CA", { timeZone }).format(ms);
        const next = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        const hour = h >= 1 && h < 8 ? h + 12 : h;
        expect(fmt.format(Date.parse(iso ?? "invalid"))).toBe(`${next}, ${String(hour).padStart(2, "0")}:${String(m).padStart(2, "0")}`);
      }),
      { numRuns: 300 },
    );
  });

  it("throws ValidationError naming now or timeZone", () => {
    for (const now of ["not a date", new Date(Number.NaN), undefined as unknown as string]) {
      expect(() => resolveWhen("tomorrow", { now })).toThrow(ValidationError);
    }
    try {
      resolveWhen("tomorrow", { now: MON_NOON_IST, timeZone: "Mars/Olympus" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toBe("timeZone");
    }
    expect(() => resolveWhen("tomorrow", { now: "nope" })).toThrow(/now/);
  });
});

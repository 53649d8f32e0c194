import { describe, expect, it } from "vitest";
import { formatDate, formatMessage, formatNumber } from "../../src/lib/i18n";

describe("messages in Estonian and English", () => {
  const lessons = { et: { one: "{count} tund", other: "{count} tundi" }, en: { one: "{count} lesson", other: "{count} lessons" } };

  it("picks the plural form of each language", () => {
    expect(formatMessage(lessons, "et", { count: 1 })).toBe("1 tund");
    expect(formatMessage(lessons, "et", { count: 3 })).toBe("3 tundi");
    expect(formatMessage(lessons, "en", { count: 1 })).toBe("1 lesson");
    expect(formatMessage(lessons, "en", { count: 0 })).toBe("0 lessons");
  });

  it("writes dates and numbers as each language does", () => {
    expect(formatDate("2026-12-08", "et")).toBe("8. detsember 2026");
    expect(formatDate("2026-12-08", "en")).toBe("8 December 2026");
    expect(formatNumber(1234.5, "et")).toBe("1234,5");
    expect(formatNumber(12345.5, "et")).toBe("12\u00a0345,5");
    expect(formatNumber(12345.5, "en")).toBe("12,345.5");
  });

  it("fills named values, numbers in the language's own way", () => {
    expect(formatMessage({ et: "{name}: {points} punkti", en: "{name}: {points} points" }, "et", { name: "Anu", points: 12500 }))
      .toBe("Anu: 12\u00a0500 punkti");
  });
});

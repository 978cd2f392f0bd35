// @vitest-environment node
import { type OutputChunk, type Plugin, rolldown } from "rolldown";
import { describe, expect, it } from "vitest";
import { sharedStartChunk } from "@/utils/build-chunks";

// Two pages like the popup and the options page load `common` and `pair` at start; a third entry
// uses only `common`, so the bundler alone puts the two in different chunks. `later` is loaded by
// the popup's lazy chunk only.
const SOURCES: Record<string, string> = {
  "popup.js": `import { common } from "./common.js"; import { pair } from "./pair.js";
    export const popup = () => [common, pair, import("./lazy.js")];`,
  "options.js": `import { common } from "./common.js"; import { pair } from "./pair.js"; export const options = [common, pair];`,
  "third.js": `import { common } from "./common.js"; export const third = [common];`,
  "lazy.js": `import { common } from "./common.js"; import { later } from "./later.js"; export const lazy = [common, later];`,
  "common.js": `export const common = "COMMON_CODE";`,
  "pair.js": `export const pair = "PAIR_CODE";`,
  "later.js": `export const later = "LATER_CODE";`,
};
const virtual: Plugin = {
  name: "virtual",
  resolveId: (id) => `/src/${id.replace(/^\.\//, "")}`,
  load: (id) => SOURCES[id.replace("/src/", "")] ?? null,
};

async function chunks(plugins: Plugin[]): Promise<OutputChunk[]> {
  const input = { popup: "popup.js", options: "options.js", third: "third.js" };
  const bundle = await rolldown({ input, plugins: [virtual, ...plugins] });
  const { output } = await bundle.generate({ format: "es" });
  return output.filter((o): o is OutputChunk => o.type === "chunk");
}
const holding = (list: OutputChunk[], text: string) => list.filter((c) => c.code.includes(text)).map((c) => c.fileName);

describe("sharedStartChunk", () => {
  it("gives the pages one shared chunk for what they both load at start", async () => {
    const out = await chunks([sharedStartChunk(["popup.js", "options.js"]) as Plugin]);
    const shared = holding(out, "COMMON_CODE");
    expect(shared).toHaveLength(1);
    expect(holding(out, "PAIR_CODE")).toEqual(shared);
    expect(out.find((c) => c.name === "popup")?.imports).toEqual(shared);
    // Loaded later only: stays out of the pages' first load.
    expect(holding(out, "LATER_CODE")).not.toEqual(shared);
  });

  it("is needed: on its own the bundler splits that code in two", async () => {
    const out = await chunks([]);
    expect(holding(out, "COMMON_CODE")).not.toEqual(holding(out, "PAIR_CODE"));
  });

  it("leaves a single-file (IIFE) build alone", async () => {
    const bundle = await rolldown({
      input: "lazy.js",
      plugins: [virtual, sharedStartChunk(["popup.js", "options.js"]) as Plugin],
    });
    const { output } = await bundle.generate({ format: "iife", name: "x" });
    expect(output).toHaveLength(1);
  });
});

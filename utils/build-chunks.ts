import type { Plugin } from "vite";

/** What a bundler plugin context offers to walk the module graph once it is complete. */
interface ModuleGraph {
  getModuleIds(): IterableIterator<string>;
  getModuleInfo(id: string): { importedIds: readonly string[] } | null;
}

/** Every module statically imported, directly or not, by the module whose id ends with `end`. */
function staticClosure(graph: ModuleGraph, end: string): Set<string> {
  const seen = new Set<string>();
  const stack = [...graph.getModuleIds()].filter((id) => id.endsWith(end));
  for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(graph.getModuleInfo(id)?.importedIds ?? []));
  }
  return seen;
}

/**
 * Puts the code that all the given pages load at start (for the extension: React, ReactDOM, the
 * browser polyfill, storage, stores, i18n…) into one chunk, `name`. Left to itself the bundler
 * splits that code further by which lazy chunks also use it — for the popup three files, each one
 * more fetch through the browser process before the page's script can run (docs/architecture.md,
 * "The popup", first frame). Code only lazy chunks use is not captured, so it stays
 * out of the pages' first load. `entries` are the ends of the pages' module ids.
 */
export function sharedStartChunk(entries: readonly string[], name = "theme"): Plugin {
  let shared = new Set<string>();
  return {
    name: "leadscalendar:shared-start-chunk",
    buildEnd() {
      const [first, ...rest] = entries.map((end) => staticClosure(this, end));
      shared = new Set([...(first ?? [])].filter((id) => rest.every((c) => c.has(id))));
    },
    outputOptions(opts) {
      // The background is one IIFE file: nothing to split. The output options are read before
      // the build; the group's test runs at chunking time, once `buildEnd` has filled `shared`.
      if (opts.format !== "es") return null;
      return { ...opts, codeSplitting: { groups: [{ name, test: (id: string) => shared.has(id) }] } };
    },
  };
}

// A string DOM for the Worker: just enough of `document` for dom.ts's `h` (elements, attributes,
// text, children) to build the booking page's first view with the page's own view functions, then
// serialize it. Listeners are dropped: the page's script draws the live view once it runs
// (see docs/architecture.md "The booking page: the page and the host's UI").
import type { Builder } from "./dom";
import { escapeAttr, escapeText } from "./escape";

const VOID = new Set(["area", "br", "col", "hr", "img", "input", "meta", "wbr"]);
const NAME = /^[a-z][a-z0-9-]*$/;

interface StringNode {
  html(): string;
}

class StringText implements StringNode {
  constructor(readonly data: string) {}
  html(): string {
    return escapeText(this.data);
  }
}

class StringElement implements StringNode {
  private readonly attrs = new Map<string, string>();
  private readonly children: StringNode[] = [];
  constructor(readonly tag: string) {
    // Only the view functions' own tags: a raw-text element (script, style) would need other escaping.
    if (!NAME.test(tag) || tag === "script" || tag === "style") throw new Error(`not drawn on the server: <${tag}>`);
  }
  setAttribute(name: string, value: string): void {
    if (!NAME.test(name)) throw new Error(`not an attribute name: ${name}`);
    this.attrs.set(name, String(value));
  }
  addEventListener(): void {}
  appendChild<T>(child: T): T {
    this.children.push(child as StringNode);
    return child;
  }
  html(): string {
    let out = `<${this.tag}`;
    for (const [k, v] of this.attrs) out += v === "" ? ` ${k}` : ` ${k}="${escapeAttr(v)}"`;
    if (VOID.has(this.tag)) return `${out}>`;
    return `${out}>${this.children.map((c) => c.html()).join("")}</${this.tag}>`;
  }
}

/** A builder for {@link drawWith} whose elements serialize with {@link toHtml}. */
export function stringDocument(): Builder {
  return {
    createElement: (tag: string) => new StringElement(tag),
    createTextNode: (data: string) => new StringText(data),
  } as unknown as Builder;
}

/** The markup of an element built on {@link stringDocument} (text and attribute values escaped). */
export function toHtml(node: Node): string {
  if (!(node instanceof StringElement || node instanceof StringText)) throw new Error("not a string DOM node");
  return node.html();
}

// The booking page's first drawing (worker/checkout/book/src/first-drawing.ts) as the Worker's
// TypeScript sees it: that code is typed against the DOM, which the Worker's types do not include.
// package.json "imports" maps `#book-first-drawing` here for types and to the code for bundling.
import type { RenderFirstDrawing } from "../checkout/book/src/first-drawing-types";

export declare const renderFirstDrawing: RenderFirstDrawing;

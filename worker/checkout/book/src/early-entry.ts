// The booking page's inline classic script (built and inlined by vite.config.ts): see early.ts.
import { checkFirstDrawing, deviceZone } from "./early";

const root = document.getElementById("root");
if (root) checkFirstDrawing(root, deviceZone());

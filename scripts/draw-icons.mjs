// Draws the LeadsCalendar icon (a calendar page with a paid-check coin) at 16/32/48/128 px
// into public/icons/. Pure Node (zlib) so it runs anywhere; re-run after changing the drawing.
import { mkdirSync, writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";

const BLUE = [11, 87, 208];
const PAGE = [255, 255, 255];
const GRID = [200, 214, 236];
const GREEN = [20, 140, 70];
const WHITE = [255, 255, 255];

function inRoundRect(x, y, x0, y0, x1, y1, r) {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}
function nearSegment(x, y, ax, ay, bx, by, w) {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return (x - ax - t * (bx - ax)) ** 2 + (y - ay - t * (by - ay)) ** 2 <= w * w;
}
/** Colour of the unit-square drawing at (x, y) in [0,1]², or null for transparent. */
function shade(x, y) {
  const coin = (x - 0.72) ** 2 + (y - 0.72) ** 2;
  if (coin <= 0.26 ** 2) {
    if (nearSegment(x, y, 0.6, 0.73, 0.69, 0.82, 0.035) || nearSegment(x, y, 0.69, 0.82, 0.85, 0.62, 0.035))
      return WHITE;
    return coin <= 0.22 ** 2 ? GREEN : WHITE; // white rim separates the coin from the page
  }
  if (inRoundRect(x, y, 0.24, 0.04, 0.34, 0.2, 0.04) || inRoundRect(x, y, 0.62, 0.04, 0.72, 0.2, 0.04)) return BLUE;
  if (!inRoundRect(x, y, 0.06, 0.1, 0.9, 0.92, 0.1)) return null;
  if (y < 0.32) return BLUE;
  if (!inRoundRect(x, y, 0.12, 0.36, 0.84, 0.86, 0.04)) return BLUE;
  const gx = (x - 0.12) / 0.24,
    gy = (y - 0.36) / (0.5 / 3);
  if (Math.abs(gx - Math.round(gx)) < 0.06 || Math.abs(gy - Math.round(gy)) < 0.06) return GRID;
  return PAGE;
}

function render(size) {
  const ss = 4,
    px = Buffer.alloc(size * (size * 4 + 1));
  for (let j = 0; j < size; j++) {
    px[j * (size * 4 + 1)] = 0;
    for (let i = 0; i < size; i++) {
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (let sj = 0; sj < ss; sj++)
        for (let si = 0; si < ss; si++) {
          const c = shade((i + (si + 0.5) / ss) / size, (j + (sj + 0.5) / ss) / size);
          if (c) {
            r += c[0];
            g += c[1];
            b += c[2];
            a++;
          }
        }
      const o = j * (size * 4 + 1) + 1 + i * 4;
      if (a) {
        px[o] = r / a;
        px[o + 1] = g / a;
        px[o + 2] = b / a;
      }
      px[o + 3] = Math.round((a / (ss * ss)) * 255);
    }
  }
  return png(size, px);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size, raw) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6; // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

mkdirSync("public/icons", { recursive: true });
for (const s of [16, 32, 48, 128]) writeFileSync(`public/icons/${s}.png`, render(s));
console.log("icons written to public/icons/");

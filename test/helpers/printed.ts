/** Reading back what a (virtual) printer produced: the QR code on a printed page. */
import fs from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** The text of the QR code on a PNG page (undefined when none can be read). */
export function qrOf(file: string): string | undefined {
  const png = PNG.sync.read(fs.readFileSync(file));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

/** Black dots of a 1-bit raster (what the printer is sent). */
export function blackInRaster(r: { data: Uint8Array }): number {
  let n = 0;
  for (const b of r.data) for (let bit = b; bit; bit &= bit - 1) n++;
  return n;
}

/** Dark pixels of a printed PNG page (what the virtual printer received). */
export function blackInPngFile(file: string): number {
  const png = PNG.sync.read(fs.readFileSync(file));
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i]! < 128) n++;
  return n;
}

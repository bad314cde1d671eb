/** Reading back what a (virtual) printer produced: the QR code on a printed page. */
import fs from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** The text of the QR code on a PNG page (undefined when none can be read). */
export function qrOf(file: string): string | undefined {
  const png = PNG.sync.read(fs.readFileSync(file));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

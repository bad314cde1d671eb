/** Reading back what a (virtual) printer produced: the QR code on a printed page. */
import fs from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Station } from '../../main/core/station';

/** The text of the QR code on a PNG page (undefined when none can be read). */
export function qrOf(file: string): string | undefined {
  const png = PNG.sync.read(fs.readFileSync(file));
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

/** Adds an 80 mm ESC/POS printer at a (virtual) printer's loopback port and prints on this station's check-ins. */
export async function autoPrintTo(s: Pick<Station, 'invoke'>, port: number): Promise<void> {
  const saved = await s.invoke('printing.printers.save', { name: 'Desk printer', kind: 'epson', interface: `tcp://127.0.0.1:${port}`, paperMm: 80, stock: 'roll80' });
  if (!saved.ok || saved.value.status !== 'saved') throw new Error(`could not add the printer: ${JSON.stringify(saved)}`);
  const set = await s.invoke('printing.station.set', { printerId: saved.value.printer.id, autoPrint: true });
  if (!set.ok) throw new Error(`could not assign the printer: ${set.error.message}`);
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

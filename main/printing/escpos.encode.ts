/**
 * The pure half of printing: a badge raster → the bytes a printer understands. No
 * sockets here, so every byte is testable without a printer (pretixprint's
 * byteprotocols/). node-thermal-printer supplies each model's init and cut commands;
 * the raster itself is packed here because its image path needs a PNG round trip,
 * builds an object per pixel and mis-sizes rows whose width is not a multiple of 8.
 */
import { PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { PrinterKind } from '../../contract/index';
import type { Raster } from './badge.render';

/** Rows per GS v 0 block: small blocks keep within every ESC/POS printer's receive buffer. */
const BAND_ROWS = 128;

/** ESC/POS raster bit image (GS v 0), in bands of BAND_ROWS rows. */
export function escposRaster(r: Raster): Buffer {
  const parts: Buffer[] = [];
  for (let y = 0; y < r.height; y += BAND_ROWS) {
    const rows = Math.min(BAND_ROWS, r.height - y);
    parts.push(Buffer.from([0x1d, 0x76, 0x30, 0x00, r.bytesPerRow & 0xff, r.bytesPerRow >> 8, rows & 0xff, rows >> 8]));
    parts.push(Buffer.from(r.data.buffer, r.data.byteOffset + y * r.bytesPerRow, rows * r.bytesPerRow));
  }
  return Buffer.concat(parts);
}

/** Star raster mode: ESC * r A, one `b n1 n2 data` per row, ESC * r B. */
export function starRaster(r: Raster): Buffer {
  const parts: Buffer[] = [Buffer.from([0x1b, 0x2a, 0x72, 0x41])];
  for (let y = 0; y < r.height; y++) {
    parts.push(Buffer.from([0x62, r.bytesPerRow & 0xff, r.bytesPerRow >> 8]));
    parts.push(Buffer.from(r.data.buffer, r.data.byteOffset + y * r.bytesPerRow, r.bytesPerRow));
  }
  parts.push(Buffer.from([0x1b, 0x2a, 0x72, 0x42]));
  return Buffer.concat(parts);
}

/** One badge job: init, centred raster, feed, cut. */
export function encodeBadge(kind: PrinterKind, r: Raster): Buffer {
  const p = new ThermalPrinter({ type: kind === 'star' ? PrinterTypes.STAR : PrinterTypes.EPSON, interface: '' });
  if (kind === 'star') {
    p.add(starRaster(r));
  } else {
    p.alignCenter();
    p.add(escposRaster(r));
  }
  // One feed (ESC d 4) carries the badge's end past the cutter without wasting paper.
  p.cut({ verticalTabAmount: 1 });
  return p.getBuffer();
}

/** DLE EOT 1: ask for the printer status byte (answered without printing). */
export const STATUS_REQUEST = Buffer.from([0x10, 0x04, 0x01]);

/**
 * Reads an ESC/POS real-time status byte (DLE EOT 1): bit 3 set means the printer is
 * offline (cover open, paper out, error). Bits 1 and 4 are always 1 / bit 0 and 7 always 0
 * in a genuine reply; anything else is not a status byte.
 */
export function parseStatusByte(b: number): { valid: boolean; offline: boolean } {
  const valid = (b & 0x93) === 0x12;
  return { valid, offline: valid && (b & 0x08) !== 0 };
}

/**
 * A webcam for Chromium's fake capture device: a QR code (made with the `qrcode` package,
 * the same one badges use) drawn into a grey picture, written as a YUV4MPEG2 file that
 * `--use-file-for-fake-video-capture` plays in a loop.
 */
import fs from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';

export interface GreyImage {
  width: number;
  height: number;
  /** One byte of brightness per pixel, 0 black … 255 white. */
  luma: Uint8Array;
}

/**
 * A mid-grey picture with `text` as a QR code in the middle (white quiet zone around it),
 * like a phone held up to the camera; no QR at all when `text` is null.
 */
export function qrPicture(text: string | null, width = 640, height = 480, modulePx = 8): GreyImage {
  const luma = new Uint8Array(width * height).fill(150);
  if (text !== null) {
    const { size, data } = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
    const side = (size + 8) * modulePx; // 4 modules of quiet zone each side
    const left = Math.floor((width - side) / 2);
    const top = Math.floor((height - side) / 2);
    for (let y = 0; y < side; y++)
      for (let x = 0; x < side; x++) {
        const r = Math.floor(y / modulePx) - 4;
        const c = Math.floor(x / modulePx) - 4;
        const dark = r >= 0 && c >= 0 && r < size && c < size && data[r * size + c] === 1;
        luma[(top + y) * width + left + x] = dark ? 0 : 255;
      }
  }
  return { width, height, luma };
}

/** The same picture as RGBA bytes (what a canvas's getImageData gives). */
export function toRgba(img: GreyImage): Uint8ClampedArray {
  const out = new Uint8ClampedArray(img.width * img.height * 4);
  img.luma.forEach((v, i) => out.set([v, v, v, 255], i * 4));
  return out;
}

/** Writes `frames` copies of the picture as a Y4M video (4:2:0, grey: chroma planes at 128). */
export function writeY4m(file: string, img: GreyImage, frames = 10): string {
  const { width, height, luma } = img;
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), Buffer.from(luma), chroma]);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), ...Array(frames).fill(frame)]));
  return file;
}

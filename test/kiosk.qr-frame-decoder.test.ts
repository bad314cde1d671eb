import { describe, test } from 'vitest';
import assert from 'node:assert/strict';
import { decodeQrFrame, decodeSize, MAX_FRAME_WIDTH } from '../renderer/src/kiosk/qr-frame-decoder';
import { qrPicture, toRgba } from './helpers/fake-camera';

describe('kiosk camera: QR frame decoder', () => {
  test('reads the registration code from a camera-sized frame', () => {
    const img = qrPicture('PPS22-100001');
    assert.equal(decodeQrFrame(toRgba(img), img.width, img.height), 'PPS22-100001');
  });

  test('hands over whatever the code holds (the station decides what it means)', () => {
    const img = qrPicture('https://example.com/ticket?id=1');
    assert.equal(decodeQrFrame(toRgba(img), img.width, img.height), 'https://example.com/ticket?id=1');
  });

  test('a frame without a QR code gives null', () => {
    const img = qrPicture(null);
    assert.equal(decodeQrFrame(toRgba(img), img.width, img.height), null);
  });

  test('frames are downscaled to at most 640 px wide, never upscaled, aspect kept', () => {
    assert.deepEqual(decodeSize(1920, 1080), { width: MAX_FRAME_WIDTH, height: 360 });
    assert.deepEqual(decodeSize(1280, 720), { width: 640, height: 360 });
    assert.deepEqual(decodeSize(320, 240), { width: 320, height: 240 });
  });

  test('a code still reads after the 1280→640 downscale the kiosk does', () => {
    // A 1280-wide frame drawn at half size: every 2×2 block averaged, as the canvas does.
    const big = qrPicture('PPS22-100001', 1280, 720, 10);
    const { width, height } = decodeSize(big.width, big.height);
    const luma = new Uint8Array(width * height);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) {
        const at = (dx: number, dy: number) => big.luma[(2 * y + dy) * big.width + 2 * x + dx]!;
        luma[y * width + x] = (at(0, 0) + at(1, 0) + at(0, 1) + at(1, 1)) / 4;
      }
    assert.equal(decodeQrFrame(toRgba({ width, height, luma }), width, height), 'PPS22-100001');
  });
});

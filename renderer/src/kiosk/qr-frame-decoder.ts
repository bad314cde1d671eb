/**
 * Reading a QR code from one camera frame without the browser's BarcodeDetector (which
 * desktop Chromium/Electron on Windows and Linux do not have). Pure: RGBA pixels in, text
 * out — the component owns the camera and the canvas.
 */
import jsQR from 'jsqr';

/**
 * Frames are decoded at most this wide: a QR held up to the kiosk camera fills a good part
 * of the picture, and a smaller frame keeps each decode short on the kiosk's slow CPU.
 */
export const MAX_FRAME_WIDTH = 640;

/** The size to draw a video frame at for decoding: never upscaled, aspect kept. */
export function decodeSize(videoWidth: number, videoHeight: number, maxWidth = MAX_FRAME_WIDTH): { width: number; height: number } {
  const scale = Math.min(1, maxWidth / videoWidth);
  return { width: Math.max(1, Math.round(videoWidth * scale)), height: Math.max(1, Math.round(videoHeight * scale)) };
}

/** The text of a QR code in the frame, or null when there is none (or it holds no text). */
export function decodeQrFrame(rgba: Uint8ClampedArray, width: number, height: number): string | null {
  // 'dontInvert': codes on paper and on phone screens are dark on light; trying the
  // inverted image too would double every decode for codes nobody brings.
  const hit = jsQR(rgba, width, height, { inversionAttempts: 'dontInvert' });
  return hit?.data ? hit.data : null;
}

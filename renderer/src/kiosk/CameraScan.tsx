/**
 * Scanning the visitor's QR code with the kiosk's camera. Where the platform has a
 * BarcodeDetector (the shape-detection API) it reads the video; everywhere else
 * (desktop Chromium/Electron on Windows and Linux) a downscaled frame is drawn to a
 * canvas every little while and decoded with jsQR (qr-frame-decoder.ts). The text goes
 * to onCode exactly like a wedge scanner's, so the station normalises and checks it.
 */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/ko';
import { decodeQrFrame, decodeSize } from './qr-frame-decoder';

/** Between two looks at the camera: often enough to feel instant, rare enough to leave the UI free. */
const SCAN_EVERY_MS = 200;
/** After a code was read and handed on: the pause before looking again, if the screen stayed. */
const RESCAN_AFTER_MS = 2_000;
/** How long "the camera cannot be used" stays before the other ways to identify come back. */
const FAIL_SHOW_MS = 5_000;
/**
 * A QR code can hold thousands of characters (a long web address), more than the station's
 * identify input accepts; no registration code comes near this, so the start is enough for
 * the station to answer "not a registration code" instead of failing the request.
 */
const MAX_SENT = 200;

type ReadFrame = (video: HTMLVideoElement) => Promise<string | null>;
interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type DetectorCtor = new (opts: { formats: string[] }) => Detector;

// Whether this kiosk has a camera at all is known without asking permission
// (enumerateDevices lists the kinds), and asked again when a device is plugged in or out.
// Until the first answer (milliseconds after load, long before a visitor's first tap) the
// camera is offered: at worst it says it cannot be used. A camera that failed (permission
// refused, taken by another program) is not offered to the next visitor either, until
// the devices change.
let cameraSeen = true;
let cameraFailed = false;
function probeCameras() {
  void navigator.mediaDevices
    .enumerateDevices()
    .then((ds) => {
      cameraSeen = ds.some((d) => d.kind === 'videoinput');
      cameraFailed = false;
    })
    .catch(() => (cameraSeen = false));
}
// mediaDevices is missing outside a secure context (a station opened over plain http from another machine).
if (typeof navigator !== 'undefined' && navigator.mediaDevices) {
  probeCameras();
  navigator.mediaDevices.addEventListener('devicechange', probeCameras);
}

export const cameraScanAvailable = (): boolean => cameraSeen && !cameraFailed && !!navigator.mediaDevices?.getUserMedia;

function detectorReader(): ReadFrame | null {
  const Ctor = (window as unknown as { BarcodeDetector?: DetectorCtor }).BarcodeDetector;
  if (!Ctor) return null;
  try {
    const detector = new Ctor({ formats: ['qr_code'] });
    return async (video) => (await detector.detect(video))[0]?.rawValue || null;
  } catch {
    return null; // present but without QR support
  }
}

function canvasReader(): ReadFrame {
  const canvas = document.createElement('canvas');
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  return async (video) => {
    if (!ctx || !video.videoWidth || !video.videoHeight) return null;
    const { width, height } = decodeSize(video.videoWidth, video.videoHeight);
    if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height });
    ctx.drawImage(video, 0, 0, width, height);
    return decodeQrFrame(ctx.getImageData(0, 0, width, height).data, width, height);
  };
}

export function CameraScan({ onCode, onFail }: { onCode: (code: string) => void; onFail: () => void }) {
  const { t, other } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [failed, setFailed] = useState(false);
  const done = useRef(onCode);
  done.current = onCode;
  const fail = useRef(onFail);
  fail.current = onFail;

  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    let failTimer: ReturnType<typeof setTimeout> | undefined;
    const stopCamera = () => stream?.getTracks().forEach((tr) => tr.stop());
    const read = detectorReader() ?? canvasReader();
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' }, audio: false });
        // The visitor may have left while the camera was starting: it must not stay on.
        if (stopped || !video.current) return stopCamera();
        video.current.srcObject = stream;
        await video.current.play();
        while (!stopped) {
          const code = await read(video.current).catch(() => null);
          if (stopped) return;
          if (code) done.current(code.slice(0, MAX_SENT));
          // After a read the screen normally moves on (and this stops); if the read was dropped
          // (another lookup was still out), look again after a pause rather than freeze.
          await new Promise((r) => setTimeout(r, code ? RESCAN_AFTER_MS : SCAN_EVERY_MS));
        }
      } catch {
        stopCamera();
        if (stopped) return;
        cameraFailed = true;
        setFailed(true);
        failTimer = setTimeout(() => fail.current(), FAIL_SHOW_MS);
      }
    })();
    return () => {
      stopped = true;
      clearTimeout(failTimer);
      // The camera light goes off the moment the visitor moves on (back, a result, an idle reset).
      stopCamera();
    };
  }, []);

  const bi = (k: MessageKey) => (
    <>
      {t(k)}
      <span className="kiosk-other">{other(k)}</span>
    </>
  );
  if (failed)
    return (
      <div className="kiosk-banner warn" role="alert" data-testid="camera-failed">
        {bi('kiosk.camera.failed')}
      </div>
    );
  return (
    <>
      <p className="kiosk-lead">{bi('kiosk.camera.hint')}</p>
      <video ref={video} className="kiosk-camera" muted playsInline data-testid="camera" />
    </>
  );
}

/**
 * Optional camera scanning where the platform has a BarcodeDetector (the shape-detection
 * API). Without one the kiosk shows no camera button at all: the hardware scanner is
 * the main path, so no QR library is bundled for this.
 */
import { useEffect, useRef } from 'react';

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type DetectorCtor = new (opts: { formats: string[] }) => Detector;

export const cameraScanAvailable = (): boolean =>
  typeof window !== 'undefined' && 'BarcodeDetector' in window && !!navigator.mediaDevices?.getUserMedia;

export function CameraScan({ onCode, onFail }: { onCode: (code: string) => void; onFail: () => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const done = useRef(onCode);
  done.current = onCode;
  useEffect(() => {
    let stream: MediaStream | null = null;
    let stopped = false;
    const Ctor = (window as unknown as { BarcodeDetector: DetectorCtor }).BarcodeDetector;
    const detector = new Ctor({ formats: ['qr_code'] });
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user' }, audio: false });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        while (!stopped) {
          const hits = await detector.detect(video.current).catch(() => []);
          if (hits[0]?.rawValue) return done.current(hits[0].rawValue);
          await new Promise((r) => setTimeout(r, 250));
        }
      } catch {
        if (!stopped) onFail();
      }
    })();
    return () => {
      stopped = true;
      // The camera light goes off the moment the visitor moves on.
      stream?.getTracks().forEach((tr) => tr.stop());
    };
  }, [onFail]);
  return <video ref={video} className="kiosk-camera" muted playsInline data-testid="camera" />;
}

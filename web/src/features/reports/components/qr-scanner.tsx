import { ScanOutlined } from '@ant-design/icons';
import { Alert, Button, Modal } from 'antd';
import { useEffect, useRef, useState } from 'react';

interface DetectedCode {
  readonly rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedCode[]>;
}
type BarcodeDetectorCtor = new (options: { formats: string[] }) => BarcodeDetectorLike;

function detectorClass(): BarcodeDetectorCtor | undefined {
  return (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
}

/** Whether this browser can scan a QR code with the camera (BarcodeDetector + getUserMedia). */
export function canScanQr(): boolean {
  return detectorClass() !== undefined && navigator.mediaDevices?.getUserMedia !== undefined;
}

/** Camera QR scanning, offered only where the browser supports it; typing the number and code always works. */
export function QrScanButton({ onText }: { onText: (text: string) => void }) {
  const [open, setOpen] = useState(false);
  if (!canScanQr()) return null;
  return (
    <>
      <Button icon={<ScanOutlined />} onClick={() => setOpen(true)}>
        扫描二维码
      </Button>
      <Modal title="扫描报告二维码" open={open} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        {open && (
          <Scanner
            onText={(t) => {
              setOpen(false);
              onText(t);
            }}
          />
        )}
      </Modal>
    </>
  );
}

function Scanner({ onText }: { onText: (text: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const Detector = detectorClass();
    if (Detector === undefined) return;
    let stream: MediaStream | undefined;
    let timer: number | undefined;
    let stopped = false;
    const detector = new Detector({ formats: ['qr_code'] });
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' } })
      .then(async (s) => {
        stream = s;
        if (stopped || video.current === null) return;
        video.current.srcObject = s;
        await video.current.play();
        const tick = async () => {
          if (stopped || video.current === null) return;
          const codes = await detector.detect(video.current).catch(() => []);
          const first = codes[0];
          if (first !== undefined) onText(first.rawValue);
          else timer = window.setTimeout(tick, 300);
        };
        void tick();
      })
      .catch(() => setError('无法打开摄像头，请检查浏览器权限，或直接输入报告编号和核验码。'));
    return () => {
      stopped = true;
      if (timer !== undefined) window.clearTimeout(timer);
      for (const t of stream?.getTracks() ?? []) t.stop();
    };
  }, [onText]);

  return error !== null ? (
    <Alert type="warning" showIcon title={error} />
  ) : (
    <video ref={video} style={{ width: '100%', borderRadius: 6, background: '#000' }} muted playsInline />
  );
}

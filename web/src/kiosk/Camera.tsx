import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";
import { useI18n } from "../i18n";

export interface CameraHandle {
  /** The current picture as a JPEG, or null when the camera gives none yet. */
  capture: () => Promise<Blob | null>;
}

/** The live camera with a face-framing oval. Captures full-resolution frames to JPEG. */
export const Camera = forwardRef<CameraHandle, { facingMode?: string }>(function Camera({ facingMode = "user" }, ref) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    navigator.mediaDevices?.getUserMedia({ video: { facingMode, width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false })
      .then((media) => {
        if (cancelled) {
          media.getTracks().forEach((track) => track.stop());
          return;
        }
        stream = media;
        if (video.current) {
          video.current.srcObject = media;
          void video.current.play().catch(() => undefined);
        }
      })
      .catch((cause: unknown) => setError(cause instanceof Error ? cause.message : String(cause)));
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [facingMode]);

  useImperativeHandle(ref, () => ({
    capture: () => captureJpeg(video.current),
  }), []);

  return (
    <div className="camera">
      <video ref={video} muted playsInline aria-label={t("kiosk.camera.label")} data-testid="camera" />
      <svg className="oval" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
        <ellipse cx="50" cy="48" rx="20" ry="34" />
      </svg>
      <p className="camera-hint">{error ? t("kiosk.camera.denied", { message: error }) : t("kiosk.camera.hint")}</p>
    </div>
  );
});

export function captureJpeg(video: HTMLVideoElement | null, quality = 0.92): Promise<Blob | null> {
  if (!video || video.readyState < 2 || !video.videoWidth) return Promise.resolve(null);
  const canvas = document.createElement("canvas");
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  canvas.getContext("2d")?.drawImage(video, 0, 0);
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
}

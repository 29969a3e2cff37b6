import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";

export interface CameraHandle {
  /** The current picture as a JPEG, or null when the camera gives none yet. */
  capture: () => Promise<Blob | null>;
}

export type CameraState = "starting" | "ready" | "failed";

/** How long a camera may take to give its first picture before the kiosk says it gives none. */
const CAMERA_START_MS = 8000;

/** The live camera with a face-framing oval. Captures full-resolution frames to JPEG. `onState` hears whether it
 * gives a picture (the video has a frame: readyState >= 2), is still starting, or failed (no camera, no
 * permission), so nothing asks for a photo before there is one and a failure is said as such. */
export const Camera = forwardRef<CameraHandle, { facingMode?: string; onState?: (state: CameraState) => void }>(
  function Camera({ facingMode = "user", onState }, ref) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const [stalled, setStalled] = useState(false); // no picture after CAMERA_START_MS: a permission never answered
  const stateListener = useRef(onState);
  stateListener.current = onState;
  useEffect(() => stateListener.current?.(ready ? "ready" : error || stalled ? "failed" : "starting"),
    [ready, error, stalled]);
  useEffect(() => {
    const timer = window.setTimeout(() => setStalled(true), CAMERA_START_MS);
    return () => window.clearTimeout(timer);
  }, [facingMode]);
  const look = () => setReady(Boolean(video.current && video.current.readyState >= 2 && video.current.videoWidth));

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
      .catch((cause: unknown) => setError(cause instanceof Error ? cause.name : "Error"));
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
      <video ref={video} muted playsInline aria-label={t("kiosk.camera.label")} data-testid="camera"
        onLoadedData={look} onPlaying={look} onResize={look} onEmptied={() => setReady(false)} />
      <svg className="oval" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
        <ellipse cx="50" cy="48" rx="20" ry="34" />
      </svg>
      <p className="camera-hint" data-testid="camera-hint">
        {error ? t("kiosk.camera.denied", { message: t(cameraProblem(error)) }) : ready ? t("kiosk.camera.hint") : t("kiosk.camera.starting")}
      </p>
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

/** getUserMedia's failure (a DOMException's name) in the reader's language, not the browser's English. */
function cameraProblem(name: string): MessageKey {
  if (name === "NotAllowedError" || name === "SecurityError") return "kiosk.camera.problem.refused";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "kiosk.camera.problem.none";
  if (name === "NotReadableError" || name === "AbortError") return "kiosk.camera.problem.busy";
  return "kiosk.camera.problem.other";
}

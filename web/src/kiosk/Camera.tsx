import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from "react";
import { useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { THUMB_HEIGHT, THUMB_WIDTH, greyOf, type Thumb } from "./watch";

export interface CameraHandle {
  /** The current picture as a JPEG, or null when the camera gives none yet. */
  capture: () => Promise<Blob | null>;
  /** The current picture as a tiny grey thumbnail (watch.ts), read on the tablet and never sent: what automatic mode
   * compares to tell whether anything changed in front of the kiosk. Null when the camera gives none. */
  thumbnail: () => Thumb | null;
}

export type CameraState = "starting" | "ready" | "failed";

/** How long a camera may take to give its first picture before the kiosk says it gives none. */
const CAMERA_START_MS = 8000;
/** After the picture is lost (the track ended: unplugged, a driver reset), the camera is asked for again this often. */
const CAMERA_RESTART_MS = 3000;

/** The live camera with a face-framing oval. Captures full-resolution frames to JPEG. `onState` hears whether it
 * gives a picture (the video has a frame: readyState >= 2), is still starting, or failed (no camera, no
 * permission, or the picture lost after start-up: the track ended or is muted), so nothing asks for a photo when
 * there is none (a dead track leaves the last or a black frame in the video) and a failure is said as such. An
 * ended track is asked for again every few seconds. */
export const Camera = forwardRef<CameraHandle, { facingMode?: string; onState?: (state: CameraState) => void }>(
  function Camera({ facingMode = "user", onState }, ref) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const [stalled, setStalled] = useState(false); // no picture after CAMERA_START_MS: a permission never answered
  const [lost, setLost] = useState(false); // the picture stopped after start-up (track ended or muted)
  const [attempt, setAttempt] = useState(0); // each restart of getUserMedia after the track ended
  const track = useRef<MediaStreamTrack | null>(null);
  const small = useRef<HTMLCanvasElement | null>(null); // the thumbnail's canvas, reused
  const stateListener = useRef(onState);
  stateListener.current = onState;
  useEffect(() => stateListener.current?.(ready && !lost ? "ready" : error || stalled || lost ? "failed" : "starting"),
    [ready, error, stalled, lost]);
  useEffect(() => {
    const timer = window.setTimeout(() => setStalled(true), CAMERA_START_MS);
    return () => window.clearTimeout(timer);
  }, [facingMode]);
  const look = () => setReady(Boolean(video.current && video.current.readyState >= 2 && video.current.videoWidth));

  useEffect(() => {
    let stream: MediaStream | null = null;
    let cancelled = false;
    let restart: number | undefined;
    const again = () => {
      window.clearTimeout(restart);
      restart = window.setTimeout(() => setAttempt((count) => count + 1), CAMERA_RESTART_MS);
    };
    navigator.mediaDevices?.getUserMedia({ video: { facingMode, width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false })
      .then((media) => {
        if (cancelled) {
          media.getTracks().forEach((each) => each.stop());
          return;
        }
        stream = media;
        const [live] = media.getVideoTracks();
        track.current = live ?? null;
        live?.addEventListener("ended", () => { setLost(true); again(); });
        live?.addEventListener("mute", () => setLost(true));
        live?.addEventListener("unmute", () => setLost(false));
        setError(null);
        setLost(Boolean(live?.muted));
        if (video.current) {
          video.current.srcObject = media;
          void video.current.play().catch(() => undefined);
        }
      })
      .catch((cause: unknown) => {
        if (cancelled) return;
        setError(cause instanceof Error ? cause.name : "Error");
        if (attempt > 0) again(); // it worked before (since unplugged): keep asking; a first refusal is said and left
      });
    return () => {
      cancelled = true;
      window.clearTimeout(restart);
      stream?.getTracks().forEach((each) => each.stop());
    };
  }, [facingMode, attempt]);

  useImperativeHandle(ref, () => ({
    // No picture from a track that ended or is muted: the video would still give its last (or a black) frame.
    capture: () => (track.current && (track.current.readyState !== "live" || track.current.muted)
      ? Promise.resolve(null) : captureJpeg(video.current)),
    thumbnail: () => {
      if (track.current && (track.current.readyState !== "live" || track.current.muted)) return null;
      small.current ??= document.createElement("canvas");
      return thumbnailOf(video.current, small.current);
    },
  }), []);

  return (
    <div className="camera">
      <video ref={video} muted playsInline aria-label={t("kiosk.camera.label")} data-testid="camera"
        onLoadedData={look} onPlaying={look} onResize={look} onEmptied={() => setReady(false)} />
      <svg className="oval" viewBox="0 0 100 100" preserveAspectRatio="none" aria-hidden="true">
        <ellipse cx="50" cy="48" rx="20" ry="34" />
      </svg>
      <p className="camera-hint" data-testid="camera-hint">
        {error ? t("kiosk.camera.denied", { message: t(cameraProblem(error)) })
          : ready && !lost ? t("kiosk.camera.hint") : t("kiosk.camera.starting")}
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

/** The video's picture drawn at THUMB_WIDTH x THUMB_HEIGHT on `canvas`, in grey: null without a picture. */
function thumbnailOf(video: HTMLVideoElement | null, canvas: HTMLCanvasElement): Thumb | null {
  if (!video || video.readyState < 2 || !video.videoWidth) return null;
  canvas.width = THUMB_WIDTH;
  canvas.height = THUMB_HEIGHT;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(video, 0, 0, THUMB_WIDTH, THUMB_HEIGHT);
  return greyOf(context.getImageData(0, 0, THUMB_WIDTH, THUMB_HEIGHT).data);
}

/** getUserMedia's failure (a DOMException's name) in the reader's language, not the browser's English. */
function cameraProblem(name: string): MessageKey {
  if (name === "NotAllowedError" || name === "SecurityError") return "kiosk.camera.problem.refused";
  if (name === "NotFoundError" || name === "OverconstrainedError") return "kiosk.camera.problem.none";
  if (name === "NotReadableError" || name === "AbortError") return "kiosk.camera.problem.busy";
  return "kiosk.camera.problem.other";
}

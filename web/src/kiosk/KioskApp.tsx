import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { ApiError, NetworkError, call, makeApi, newIdempotencyKey, type Api } from "../api/client";
import type { AppConfig } from "../config";
import { reasonText, useI18n } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { LanguageSwitch, apiErrorWords, errorText, formatClock, formatTime } from "../ui/components";
import { Camera, type CameraHandle, type CameraState } from "./Camera";
import { alreadyRecorded, busyOf, frameIsEmpty, isTransient, notTheApisAnswer, outcomeOf, refusedForGood, retryOutcome,
  sendCheck, sendDispute, sendFaceFree, stillRunning, undecided, type Busy, type Direction, type Outcome } from "./checks";
import { DOOR_LABEL, loadAuto, loadDoor, loadManaged, loadNotice, loadPairing, managedSettings, saveAuto, saveDoor, saveManaged,
  saveNotice, saveOfflineMaxAgeHours, savePairing, storedOfflineMaxAgeHours, type Door, type KioskNotice,
  type ManagedSettings, type Pairing } from "./deviceStore";
import { clearQueue, countFailure, dropExpired, enqueue, markMaybeRecorded, nextQueued, queueSize, remove, takeExpired,
  type EventType, type QueuedCheck } from "./offlineQueue";
import { PrivacyNotice } from "./PrivacyNotice";
import { learnServerTime, serverNow } from "./serverClock";
import { acknowledgeUnsent, addUnsent, loadUnsent, maskNumber, type UnsentCheck, type UnsentKind } from "./unsentLog";
import { afterAnswer, afterBusy, afterLook, afterTry, decide, freshWatch, type Heard, type Watch } from "./watch";

const RESULT_SECONDS = 6;
/** A recorded punch offering "Not you?" stays this long (a press replaces it sooner): the person named wrongly needs a
 * moment to see it. The button goes sooner when the server's dispute_until comes first (less its dispute deadline):
 * the server offers it only with this plus DISPUTE_DEADLINE_MS left of its window (dispute.OFFER_MARGIN). */
const NOT_YOU_SECONDS = 15;
const FLUSH_EVERY_MS = 15_000;
/** The kiosk asks who it is (GET /devices/me) when it starts and this often: the answer brings the privacy notice's
 * retention, and each request marks the device seen, so the console tells a kiosk that went quiet (switched off, off
 * the network: its checks waiting on the tablet) from one where nobody checked in. */
const HEARTBEAT_EVERY_MS = 60_000;
/** Automatic mode looks this often; it uploads a picture only when it changed (watch.ts), and waits longer between
 * tries when changed pictures keep showing nobody (watch.ts's backoff). */
const AUTO_EVERY_MS = 5_000;
const AUTO_PAUSE_AFTER_ANSWER_MS = 15_000; // the person who was just answered is still in front of the camera
/** Looks in a row (AUTO_EVERY_MS apart) that find nobody at the kiosk before automatic mode checks again: the face
 * answered has left the frame, not merely turned away for one frame. Never a timer: a face that stays (a poster, a
 * photo left on the stand, someone lingering) would be recorded again each time it ran out. */
const AUTO_EMPTY_LOOKS = 2;
const CHALLENGE_FRAME_MS = 450;
/** A kiosk request (check, challenge, /identify, pairing) not answered by then is given up as a lost connection: the
 * check is queued under its key (a resend is safe) instead of "One moment…" staying for ever. */
const REQUEST_TIMEOUT_MS = 12_000;
/** A queued check the server fails with a non-transient 5xx (the API's own error body) while it records other checks
 * is given up (and said) once both this many such failures were counted and GIVE_UP_AFTER_MS passed since the first:
 * not retried for ever, but quick rounds (`online` events, the 15 s timer) cannot use the attempts up in minutes. The
 * checks behind it are sent meanwhile. */
const MAX_SEND_ATTEMPTS = 5;
const GIVE_UP_AFTER_MS = 2 * 3600_000; // measured on the monotonic clock (countFailure), never the tablet's
/** A round in which this many queued checks in a row fail with a 5xx, none recorded since, is an outage (S3 or a
 * dependency down fails every check alike): it stops there and counts no attempt, so no saved check is given up. */
const OUTAGE_AFTER_FAILURES = 3;
/** `?challenge=always` in the kiosk's address: every check is a head-turn challenge burst (a site
 * policy for kiosks where photos of faces are a risk); otherwise only when the server asks for it. */
const challengeAlways = new URLSearchParams(window.location.search).get("challenge") === "always";
/** `?setup=1` in the kiosk's address: setup mode, for staff. It first asks for a setup code an admin makes in the
 * console (Devices, "Set up on the tablet": POST /devices/{id}/setup-code, sent here as POST /devices/me/setup): the
 * flag is no credential, as anyone who reaches the browser's address can add it. Only with the code are the Door
 * choice, Automatic mode and "Seen: HR was told" shown, for the server's setup_until (15 minutes), kept in memory only
 * (a reload asks again); the public screen says the door and the mode, read-only, so nobody in the queue can turn an
 * entrance into an exit or wipe the list of checks not recorded. */
const setupMode = new URLSearchParams(window.location.search).get("setup") === "1";

/** This page's address without `?setup=1`: the public screen setup mode leads back to. */
function publicAddress(): string {
  const params = new URLSearchParams(window.location.search);
  params.delete("setup");
  const query = params.toString();
  return `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
}

export function KioskApp({ config }: { config: AppConfig }) {
  const [pairing, setPairing] = useState<Pairing | null>(loadPairing);
  const [notice, setNotice] = useState<string | null>(null);
  const token = useRef<string | null>(pairing?.token ?? null);
  token.current = pairing?.token ?? null;
  const api = useMemo(() => makeApi(config.apiUrl, () => token.current, undefined, { timeoutMs: REQUEST_TIMEOUT_MS }),
    [config.apiUrl]);

  const forget = useCallback((message: string | null) => {
    savePairing(null);
    setPairing(null);
    setNotice(message);
  }, []);

  if (!pairing) {
    return <PairingScreen api={api} notice={notice} onPaired={(paired) => {
      // This device's Door and Automatic mode as HR set them (not those of a device this tablet held before).
      saveManaged(managedSettings(paired.device)); savePairing(paired); setPairing(paired); setNotice(null);
    }} />;
  }
  return <CheckScreen api={api} pairing={pairing} onRevoked={forget} />;
}

function PairingScreen({ api, notice, onPaired }: { api: Api; notice: string | null; onPaired: (pairing: Pairing) => void }) {
  const { t } = useI18n();
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Unpaired (revoked, or never paired): photos queued more than the server's window ago can never be sent; the
  // others wait for this kiosk to be paired again, unless the operator deletes them (a revoked kiosk's never go).
  const [saved, setSaved] = useState(0);
  useEffect(() => { void dropExpired().then(queueSize).then(setSaved); }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const paired = await call(api.POST("/devices/pair", { body: { pairing_code: code.trim() } }));
      learnServerTime(paired.device.paired_at);
      onPaired({ token: paired.device_token, device: paired.device });
    } catch (cause) {
      // Throttled or a server fault: the code was not judged (and is still valid), so do not call it refused.
      setError(cause instanceof ApiError && (cause.status === 429 || cause.status >= 500) ? t("kiosk.pair.busy")
        : cause instanceof ApiError
          ? t("kiosk.pair.failed", { message: apiErrorWords(t, cause, { pairing_code: t("kiosk.pair.code") }) })
          : errorText(t, cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="kiosk pairing">
      <header className="kiosk-bar"><h1>{t("app.kiosk")}</h1><LanguageSwitch /></header>
      <form className="pair-form card stack" onSubmit={submit}>
        <h2>{t("kiosk.pair.title")}</h2>
        {notice && <p className="notice error" role="alert">{notice}</p>}
        <p>{t("kiosk.pair.help")}</p>
        <label>
          {t("kiosk.pair.code")}
          <input name="pairing_code" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off"
            autoCapitalize="characters" spellCheck={false} required className="pair-code" />
        </label>
        <button type="submit" disabled={busy || !code.trim()}>{t("kiosk.pair.submit")}</button>
        {error && <p className="notice error" role="alert">{error}</p>}
      </form>
      {saved > 0 && (
        <div className="card stack" data-testid="saved-on-tablet">
          <p>{t("kiosk.pair.saved", { count: saved })}</p>
          <button type="button" className="secondary" onClick={() => {
            if (window.confirm(t("kiosk.pair.deleteConfirm", { count: saved }))) void clearQueue().then(() => setSaved(0));
          }}>{t("kiosk.pair.delete")}</button>
        </div>
      )}
    </main>
  );
}

/** A check being taken: a press, or a quiet automatic try (which a press supersedes). */
interface Running {
  quiet: boolean;
  superseded: boolean; // a press came during this quiet try: it sends nothing more and its answer is not shown
  done: Promise<void>;
}

/** What a superseded quiet try recorded all the same (its request had gone): said beside the press's outcome. */
interface AlsoRecorded {
  direction: Direction | null; // null: a punch nobody was matched in (the server keeps its direction from the kiosk)
  at: string; // RFC 3339, the event's time
}

function CheckScreen({ api, pairing, onRevoked }: { api: Api; pairing: Pairing; onRevoked: (message: string) => void }) {
  const { t, locale } = useI18n();
  const camera = useRef<CameraHandle>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [also, setAlso] = useState<AlsoRecorded | null>(null); // shown with `outcome`
  const supersededRecorded = useRef<AlsoRecorded | null>(null); // left by a superseded try for the press after it
  const [busy, setBusy] = useState(false); // a press is being answered (a quiet automatic try never sets it)
  const [cameraState, setCameraState] = useState<CameraState>("starting"); // Entry and Exit wait for a picture
  const cameraReady = cameraState === "ready";
  const [waiting, setWaiting] = useState(0);
  const [online, setOnline] = useState(navigator.onLine);
  const [tabletAuto, setAuto] = useState<boolean>(loadAuto); // kept on the tablet: set in setup mode
  // Setup mode opened with a code (POST /devices/me/setup): until then, the server's time; null: locked. In memory
  // only: a reload (or "Done") asks for a new code.
  const [setupUntil, setSetupUntil] = useState<string | null>(null);
  const [setupEndsAt, setSetupEndsAt] = useState(0); // the tablet's own clock (Date.now()) when setup locks again
  const staff = setupMode && setupUntil !== null;
  useEffect(() => {
    if (!setupUntil) return;
    // Counted on the tablet's clock from the answer (setup_seconds), not from a server offset learned at pairing,
    // which may be stale; checked every few seconds too, since a timer does not run while the tablet sleeps.
    const check = () => { if (Date.now() >= setupEndsAt) setSetupUntil(null); };
    const timer = window.setInterval(check, 5000);
    document.addEventListener("visibilitychange", check);
    check();
    return () => { window.clearInterval(timer); document.removeEventListener("visibilitychange", check); };
  }, [setupUntil, setupEndsAt]);
  const openSetup = (opened: { setup_until: string; setup_seconds: number }) => {
    setSetupEndsAt(Date.now() + opened.setup_seconds * 1000);
    setSetupUntil(opened.setup_until);
  };
  // Set by HR in the console (GET /devices/me): wins over the tablet's own Door and Automatic mode; null: not set.
  const [managed, setManaged] = useState<ManagedSettings>(loadManaged);
  const auto = managed.automatic ?? tabletAuto;
  const [instruction, setInstruction] = useState<string | null>(null);
  const [tabletDoor, setDoor] = useState<Door>(loadDoor); // this tablet's door, unless HR set one (managed.door)
  const door = managed.door ?? tabletDoor; // what automatic mode records, shown beside it
  const [typing, setTyping] = useState(false); // "No Face ID?" is open: automatic mode takes no picture meanwhile
  const autoType: EventType = door === "both" ? "punch" : door === "exit" ? "check-out" : "check-in";
  const lastAnswerAt = useRef(0);
  const flushing = useRef(false);
  // Presses the server answered (2xx): one since the last queue round is a sign that the server
  // works, so a queued check that alone keeps failing is counted even when it is the only one waiting.
  const liveAnswers = useRef(0);
  const liveAnswersSeen = useRef(0);
  const [unsent, setUnsent] = useState<UnsentCheck[]>(loadUnsent);
  const [privacy, setPrivacy] = useState<KioskNotice | null>(loadNotice);
  const running = useRef<Running | null>(null);
  const pressWaiting = useRef(false); // a press waits for the quiet try it superseded
  // Automatic mode checks again only once the frame was seen empty after an answer (AUTO_EMPTY_LOOKS): whoever was
  // answered may still stand there, and a stranger or a flagged punch would otherwise be recorded again every cycle.
  const armed = useRef(true);
  // What automatic mode last sent and what the server found in it (watch.ts): a picture unchanged since is not sent.
  const watch = useRef<Watch>(freshWatch());
  // What a quiet try's answer said of its picture, for automatic mode's watch (watch.ts's Heard), or null: no answer
  // about the picture (a lost connection, a fault, a press took over).
  const quietHeard = useRef<Heard | null>(null);
  // A quiet try the server throttled or failed (429, 5xx), with its Retry-After: automatic mode backs off.
  const quietBusy = useRef<Busy | null>(null);
  // The "No Face ID?" form opened or closed: closed, it counts as an answer (automatic mode waits for the scene to
  // empty before it looks again: the person who typed is still standing there, and takes no photo of them).
  function typedOpen(open: boolean) {
    setTyping(open);
    if (!open) {
      lastAnswerAt.current = Date.now();
      armed.current = false;
      emptyLooks.current = 0;
    }
  }
  const emptyLooks = useRef(0); // looks in a row since the last answer that found nobody at the kiosk
  const looking = useRef(false); // an empty-frame look is running (it never blocks a button press)
  const clearTimer = useRef<number | undefined>(undefined);
  const resultBox = useRef<HTMLElement>(null);
  // On a small tablet or a phone the answer (or a challenge's instruction) is drawn below the camera, under the
  // fold: brought into view, or the person walks away not knowing whether they were recorded.
  useEffect(() => {
    if (outcome || instruction) resultBox.current?.scrollIntoView({ block: "nearest" });
  }, [outcome, also, instruction]);

  // The outcome on the screen now (a "Not you?" sent in the background shows its answer only while its own
  // "Sending…" is still there: the screen may belong to the next person by then).
  const shown = useRef<Outcome | null>(null);
  const buttonTimer = useRef<number | undefined>(undefined);
  const show = useCallback((next: Outcome | null, alsoRecorded: AlsoRecorded | null = null) => {
    shown.current = next;
    setOutcome(next);
    setAlso(next ? alsoRecorded : null);
    window.clearTimeout(clearTimer.current);
    window.clearTimeout(buttonTimer.current);
    const seconds = next?.kind === "recorded" && next.disputable ? NOT_YOU_SECONDS : RESULT_SECONDS;
    if (next?.kind === "recorded" && next.disputable && next.disputeForMs < NOT_YOU_SECONDS * 1000) {
      // The server's window ends first: the button goes while a dispute sent then still arrives in time.
      buttonTimer.current = window.setTimeout(() => {
        if (shown.current !== next) return;
        const without: Outcome = { ...next, disputable: false };
        shown.current = without;
        setOutcome(without);
      }, next.disputeForMs);
    }
    // "Sending…" stays until the dispute's own answer replaces it (its tries are bounded by DISPUTE_DEADLINE_MS).
    if (next && next.kind !== "disputing") {
      clearTimer.current = window.setTimeout(() => { shown.current = null; setOutcome(null); setAlso(null); }, seconds * 1000);
    }
  }, []);

  const refreshCount = useCallback(async () => setWaiting(await queueSize()), []);

  /** A saved check given up: kept in the kiosk's log (no photo) until someone acknowledges it. A typed punch is
   * logged as "typed" (saved here and not sent), with its payroll number masked (the full number leaves the tablet
   * with the queued item); one sent without an answer keeps "unknown" as a photo's does: the server may have it, so
   * HR is told to check, not that it was never sent. */
  const giveUp = useCallback((item: Omit<QueuedCheck, "photo" | "frames">, kind: UnsentKind, reason: string) => {
    setUnsent(addUnsent({ key: item.key, captured_at: item.captured_at, event_type: item.event_type, reason,
      ...(item.employee_number !== undefined
        ? { kind: kind === "unknown" ? "unknown" : "typed", number: maskNumber(item.employee_number) } : { kind }) }));
  }, []);

  /** The device authorizer refuses a revoked or a re-paired device's token alike (it cannot tell them apart): pair
   * again. A press it refused was neither recorded nor queued (sent after a new pairing it would be recorded late, or
   * as another device's): said, and kept in the log of checks not recorded (a typed punch as "typed", its payroll
   * number masked). */
  const handleAuthFailure = useCallback((error: unknown, press?: Omit<UnsentCheck, "kind" | "reason">): boolean => {
    if (!(error instanceof ApiError && (error.status === 401 || error.status === 403))) return false;
    if (!press) {
      onRevoked(t("kiosk.revoked"));
      return true;
    }
    setUnsent(addUnsent({ ...press, kind: press.number !== undefined ? "typed" : "refused", reason: "kiosk_unpaired" }));
    onRevoked(`${t("kiosk.revoked")} ${t("kiosk.revoked.notRecorded", { check: t(buttonLabel(press.event_type)),
      time: formatClock(press.captured_at, locale, pairing.device.timezone) })}`);
    return true;
  }, [locale, onRevoked, pairing.device.timezone, t]);

  /** Send what waits in the queue, oldest first, one at a time (read from IndexedDB one by one: the photos are never
   * all in memory); stop at the first network failure, an answer that the server cannot record now, or a check whose
   * first send is still running. Only a check the server alone keeps failing (5xx) is overtaken: the server sends a
   * punch decided before a later-captured one arrived to review (direction_uncertain). */
  const flush = useCallback(async () => {
    if (flushing.current) return;
    flushing.current = true;
    // Checks failed with a 5xx in this round. Such a failure is counted against a check only if the server is seen
    // to work meanwhile (another check recorded in this round, or a press recorded since the last round): this
    // check alone fails. When every check fails alike it is an outage, and nothing is counted.
    let failedBefore: string[] = []; // keys (no photo kept in memory), each followed by a check that was recorded
    let failing: string[] = []; // since the last check recorded in this round
    let outage = false;
    try {
      // Too old for the server: off the tablet, offline too (its photo would only keep a face here), and said as not
      // recorded, as the server's refusal of it would be.
      // One sent without an answer may have been recorded (a resend would be replayed): said as unknown, for HR.
      for (const item of storedOfflineMaxAgeHours() === null ? [] : await takeExpired()) {
        if (item.maybe_recorded) giveUp(item, "unknown", "maybe_recorded");
        else giveUp(item, "refused", "captured_at_out_of_range");
      }
      if (!navigator.onLine) return; // offline: nothing can be sent, so nothing more is read
      for (let item = await nextQueued(); item; item = await nextQueued(item)) {
        if (item.device_id && item.device_id !== pairing.device.id) {
          // Taken while this kiosk was paired as another device (since revoked): sent now it would be recorded
          // as this device's. Discarded, and said so.
          await remove(item.key);
          giveUp(item, "dropped", "other_device");
          continue;
        }
        try {
          if (item.employee_number !== undefined) {
            // A typed punch: answered 202 whatever the number (awaiting HR's review, or nothing stored): sent.
            await sendFaceFree(api, item.employee_number, typedDirection(item.event_type), item.key, item.captured_at);
            await remove(item.key); // the payroll number leaves the tablet with it
          } else {
            const result = await sendCheck(api, item.event_type, item.photo ?? null, {
              key: item.key, capturedAt: item.captured_at, frames: item.frames, challengeNonce: item.challenge_nonce });
            await remove(item.key); // recorded now, or a replay of its first send: recorded then
            if (!result.event) giveUp(item, "refused", result.identification.retry_reason ?? "generic"); // too poor a photo
          }
          failedBefore = [...failedBefore, ...failing];
          failing = [];
        } catch (error) {
          if (error instanceof NetworkError) {
            await markMaybeRecorded(item.key); // the request may have reached the server before the line failed
            setOnline(false);
            break;
          }
          if (handleAuthFailure(error)) break;
          if (alreadyRecorded(error)) {
            // The key is this check's alone: the server has its first send (whose answer was lost), which was
            // recorded. Nothing more to send; the person was told the right thing.
            await remove(item.key);
          } else if (stillRunning(error) || isTransient(error)) {
            // Still running: its first send (given up by the kiosk) is being processed; asked again on the next
            // round, and the checks behind it wait for it (sent in capture order: a door's entry or exit is decided
            // from the punches before it). Transient: the server cannot record anything now; the whole queue waits.
            break;
          } else if (refusedForGood(error)) {
            // This check's own answer, never an outage: the person was told it was saved, so say it was not recorded
            // (at once, with the API's reason), and send the checks behind it.
            await remove(item.key);
            giveUp(item, "refused", error.code);
          } else if (notTheApisAnswer(error)) {
            // A 4xx that is not the API's (a proxy, a captive portal): nothing known of this check, so like an
            // outage the whole queue waits, every photo kept, nothing counted.
            break;
          } else {
            // A server fault: this check alone (the checks behind it go first), or all of them (an outage).
            failing = [...failing, item.key];
            if (failing.length >= OUTAGE_AFTER_FAILURES) {
              outage = true;
              break;
            }
          }
        }
        setOnline(true);
      }
      const pressRecorded = liveAnswers.current !== liveAnswersSeen.current;
      liveAnswersSeen.current = liveAnswers.current;
      // After an outage's run of failures nothing of that run is counted, even if a press was recorded meanwhile.
      const counted = outage || !pressRecorded ? failedBefore : [...failedBefore, ...failing];
      for (const key of counted) {
        // After MAX_SEND_ATTEMPTS counted failures over at least GIVE_UP_AFTER_MS it is given up and said, never
        // left to block the queue or keep a face on the tablet for ever.
        const item = await countFailure(key);
        if (item && (item.attempts ?? 0) >= MAX_SEND_ATTEMPTS && (item.failing_ms ?? 0) >= GIVE_UP_AFTER_MS) {
          await remove(item.key);
          giveUp(item, "refused", "server_kept_failing");
        }
      }
    } finally {
      flushing.current = false;
      await refreshCount();
    }
  }, [api, giveUp, handleAuthFailure, refreshCount, pairing.device.id]);

  useEffect(() => {
    void flush();
    const goOnline = () => { setOnline(true); void flush(); };
    const goOffline = () => setOnline(false);
    window.addEventListener("online", goOnline);
    window.addEventListener("offline", goOffline);
    const timer = window.setInterval(() => void flush(), FLUSH_EVERY_MS);
    return () => {
      window.removeEventListener("online", goOnline);
      window.removeEventListener("offline", goOffline);
      window.clearInterval(timer);
    };
  }, [flush]);

  /** "No Face ID?" sent: "sent" (answered), "saved" (kept on the tablet: the request was lost, or answered by
   * something that is not the API, a proxy's 404 or 408, as the queue takes it; sent with the queue's checks, in
   * capture order, under the press's key and its capture time), "saved_soon" (as saved, the API answered failed or
   * throttled: sent at the next round), "failed" (a 4xx the API decided, said as before), "not_saved" (to be saved, but
   * the tablet's storage refused it: nothing kept, tell HR), or null (the kiosk is no longer paired: said by the
   * pairing screen, and kept in the log of checks not recorded with its number masked, as a face press is). */
  const typedPunch = useCallback(async (number: string, direction: Direction): Promise<TypedAnswer | null> => {
    const key = newIdempotencyKey();
    const capturedAt = serverNow().toISOString();
    const eventType: EventType = direction === "exit" ? "check-out" : "check-in";
    let attempted = false;
    try {
      if (!navigator.onLine) throw new NetworkError("offline");
      attempted = true;
      await sendFaceFree(api, number, direction, key);
      setOnline(true);
      liveAnswers.current += 1; // the server works (for the queue's rounds)
      watch.current = afterAnswer(watch.current); // and automatic mode need not wait for it any more
      return "sent";
    } catch (error) {
      if (handleAuthFailure(error, { key, captured_at: capturedAt, event_type: eventType,
        number: maskNumber(number) })) return null;
      const foreign = notTheApisAnswer(error);
      if (!undecided(error) && !foreign) return "failed";
      if (error instanceof NetworkError) setOnline(false);
      try {
        await enqueue({ key, event_type: eventType, captured_at: capturedAt, employee_number: number.trim(),
          device_id: pairing.device.id, ...(attempted && error instanceof NetworkError ? { maybe_recorded: true } : {}) });
      } catch (stored) {
        console.error(stored);
        return "not_saved";
      }
      await refreshCount();
      return error instanceof NetworkError || foreign ? "saved" : "saved_soon";
    }
  }, [api, handleAuthFailure, pairing.device.id, refreshCount]);

  // Read through a ref: a language switch rebuilds handleAuthFailure, and must not restart the heartbeat's minute.
  const authFailure = useRef(handleAuthFailure);
  authFailure.current = handleAuthFailure;
  useEffect(() => {
    const heartbeat = async () => {
      const asked = loadPairing()?.token; // the credential this request carries
      try {
        const me = await call(api.GET("/devices/me"));
        saveOfflineMaxAgeHours(me.offline_max_age_hours); // how long queued photos may wait, once unpaired too
        const settings = managedSettings(me);
        if (JSON.stringify(settings) !== JSON.stringify(loadManaged())) { // changed by HR: kept and applied now
          saveManaged(settings);
          setManaged(settings);
        }
        if (JSON.stringify(me.notice) !== JSON.stringify(loadNotice())) { // changed: kept and shown (else no redraw)
          saveNotice(me.notice);
          setPrivacy(me.notice);
        }
      } catch (error) {
        // Revoked or re-paired elsewhere: said now, not at the next check; else tried again later. Only for the
        // credential still held: an answer that outlived a new pairing must not unpair the tablet again.
        if (asked && loadPairing()?.token === asked) authFailure.current(error);
      }
    };
    void heartbeat();
    const timer = window.setInterval(() => void heartbeat(), HEARTBEAT_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [api]);

  const captureFrames = useCallback(async (count: number): Promise<Blob[]> => {
    const frames: Blob[] = [];
    for (let i = 0; i < count; i += 1) {
      if (i > 0) await new Promise((resolve) => window.setTimeout(resolve, CHALLENGE_FRAME_MS));
      const frame = await camera.current?.capture();
      if (frame) frames.push(frame);
    }
    return frames;
  }, []);

  const check = useCallback(async (eventType: EventType, quietRetry = false) => {
    const current = running.current;
    if (current) {
      // A double tap, or the automatic try meeting another: one check.
      if (quietRetry || !current.quiet || pressWaiting.current) return;
      // A press during a quiet automatic try takes precedence: the try sends nothing more and its answer is not
      // shown; the press is sent once the try's round trip is over (one check at a time, so an automatic entry and
      // a pressed exit of one person never race each other to the server).
      current.superseded = true;
      pressWaiting.current = true;
      setBusy(true);
      try {
        await current.done;
      } finally {
        pressWaiting.current = false;
      }
    }
    // What the quiet try this press superseded recorded all the same: said with this press's outcome, whatever it is.
    const alsoRecorded = quietRetry ? null : supersededRecorded.current;
    if (!quietRetry) supersededRecorded.current = null;
    const say = (next: Outcome) => show(next, alsoRecorded);
    let finish = () => {};
    const me: Running = { quiet: quietRetry, superseded: false, done: new Promise<void>((resolve) => { finish = resolve; }) };
    running.current = me;
    // One key per press for whatever is finally sent (the photo, or the challenge burst that replaces it): a
    // resend with it is replayed, never recorded twice.
    const key = newIdempotencyKey();
    const capturedAt = serverNow().toISOString();
    if (!quietRetry) setBusy(true);
    // What may be queued if the answer does not come: the photo, until a burst is sent; then only that burst
    // (it may have been recorded: an unchallenged photo must never stand in for it).
    let sending: Pick<QueuedCheck, "photo" | "frames" | "challenge_nonce"> | null = null;
    let attempted = false;
    try {
      const photo = await camera.current?.capture();
      if (me.superseded) return;
      if (!photo) {
        if (!quietRetry) say({ kind: "retry", reason: "camera" });
        return;
      }
      sending = { photo };
      if (!navigator.onLine) throw new NetworkError("offline");
      attempted = true; // from here a failed line may hide an answer: the server may have recorded it
      // A presence challenge: show its instruction, capture the frames over the head turn, send them.
      const withChallenge = async () => {
        const challenge = await call(api.GET("/attendance/challenge"));
        if (me.superseded) return null;
        setInstruction(t(`challenge.${challenge.instruction}` as MessageKey));
        const frames = await captureFrames(challenge.frames_expected);
        setInstruction(null);
        if (me.superseded) return null;
        sending = { frames, challenge_nonce: challenge.nonce };
        return sendCheck(api, eventType, null, { key, frames, challengeNonce: challenge.nonce });
      };
      let result;
      if (challengeAlways) {
        result = await withChallenge();
      } else {
        try {
          // A 422 challenge_required is answered before the key is taken: the burst may use the same key.
          result = await sendCheck(api, eventType, photo, { key });
        } catch (error) {
          if (!(error instanceof ApiError && error.code === "challenge_required")) throw error;
          result = await withChallenge();
        }
      }
      setOnline(true);
      if (result) {
        liveAnswers.current += 1; // the server works (for the queue's rounds)
        watch.current = afterAnswer(watch.current); // and automatic mode's wait after busy answers ends
      }
      if (result && me.superseded && result.event && !result.repeated && !result.replayed) {
        // The try's request had gone before the press: the server recorded it (not a repeat of an earlier one).
        // The person pressing must hear of it, or it is a punch nobody was told about.
        supersededRecorded.current = { direction: result.event.event_type, at: result.event.occurred_at };
      }
      if (!result || me.superseded) return;
      if (result.event && !result.repeated && !result.replayed && !result.event.offline) {
        learnServerTime(result.event.received_at ?? result.event.occurred_at);
      }
      const next = outcomeOf(result);
      if (quietRetry) {
        quietHeard.current = next.kind !== "retry" ? "somebody" : next.reason === "face_too_small" ? "nobody" : "unchecked";
      }
      if (next.kind !== "retry") {
        lastAnswerAt.current = Date.now();
        armed.current = false;
        emptyLooks.current = 0;
      }
      if (!(quietRetry && next.kind === "retry")) say(next);
    } catch (error) {
      if (me.superseded) return;
      if (quietRetry) quietBusy.current = busyOf(error);
      // A press answered by the API itself (a refusal of the picture's, ...): the server works, automatic mode's
      // wait after busy answers ends. A quiet try's answer is applied by automatic mode itself (afterTry).
      if (!quietRetry && error instanceof ApiError && !busyOf(error) && !notTheApisAnswer(error)) {
        watch.current = afterAnswer(watch.current);
      }
      if (error instanceof NetworkError || isTransient(error)) {
        if (error instanceof NetworkError) setOnline(false);
        // Automatic mode cannot tell a face from an empty hall without the API: queueing every try would fill the
        // tablet with photos every 5 s. The buttons still queue.
        if (quietRetry || !sending) return;
        try {
          await enqueue({ key, event_type: eventType, captured_at: capturedAt, ...sending, device_id: pairing.device.id,
            ...(attempted && error instanceof NetworkError ? { maybe_recorded: true } : {}) });
        } catch (stored) {
          // The tablet's storage refused it (full, or unavailable): nothing kept, and it may not have been recorded.
          console.error(stored);
          say({ kind: "not_saved", eventType, at: capturedAt });
          return;
        }
        await refreshCount();
        // Unreachable: sent when the connection is back. The API answered (throttled, busy): sent shortly.
        say({ kind: "queued", soon: !(error instanceof NetworkError), eventType, at: capturedAt });
      } else if (!handleAuthFailure(error, quietRetry ? undefined
        : { key, captured_at: capturedAt, event_type: eventType })) {
        const retry = retryOutcome(error);
        // Refused for what the picture shows (no face: nobody; not live, two faces, ...): nothing recorded. A server
        // fault says nothing of it.
        if (retry && quietRetry && error instanceof ApiError && error.status === 422) {
          quietHeard.current = error.code === "no_face" ? "nobody" : "unchecked";
        }
        if (retry && quietRetry) return;
        say(retry ?? { kind: "retry", reason: "generic" });
        if (!retry) console.error(error);
      }
    } finally {
      running.current = null;
      setInstruction(null);
      if (!me.superseded) setBusy(false); // a superseding press is busy until its own answer
      finish();
    }
  }, [api, captureFrames, handleAuthFailure, pairing.device.id, refreshCount, show, t]);

  /** "Not you?" on a recorded punch: sent to HR's review, and said (only the name the result showed). It holds no
   * button: the next person may check in (or be queued) while it is sent, within its deadline. Its answer is shown
   * only while its "Sending…" is still on the screen; a failure after the screen moved on goes to the kiosk's log of
   * what HR must be told, as a refused saved check does. */
  const notMe = useCallback(async (eventId: number, name: string, recordedAt: string) => {
    if (running.current) return; // a press is being answered: its outcome replaces this one
    const sending: Outcome = { kind: "disputing" };
    const pressedAt = serverNow().toISOString();
    show(sending);
    let answer: Outcome;
    try {
      answer = await sendDispute(api, eventId, name);
    } catch (error) {
      if (handleAuthFailure(error)) return;
      answer = { kind: "dispute_failed", late: false, reason: error instanceof ApiError ? error.code : "generic" };
    }
    if (shown.current === sending) {
      show(answer);
    } else if (answer.kind === "dispute_failed") {
      setUnsent(addUnsent({ key: `not-you-${eventId}-${pressedAt}`, kind: "dispute", captured_at: pressedAt,
        event_type: "not-you", event_id: eventId, recorded_at: recordedAt,
        reason: answer.reason ?? "dispute_unanswered" }));
    }
  }, [api, handleAuthFailure, show]);

  // Switched on, or the door changed: the first look asks the server.
  useEffect(() => { watch.current = freshWatch(); }, [auto, autoType]);
  useEffect(() => {
    if (!auto) return;
    const timer = window.setInterval(() => {
      const sinceAnswer = Date.now() - lastAnswerAt.current;
      if (typing || busy || running.current || looking.current || sinceAnswer <= AUTO_PAUSE_AFTER_ANSWER_MS) return;
      // Decided on the tablet first: a picture unchanged since the last one sent gets the same answer, so nothing
      // is uploaded for an empty hall, nor for a face that stays (watch.ts).
      const thumb = camera.current?.thumbnail() ?? null;
      const now = performance.now();
      const { action, watch: seen } = decide(watch.current, thumb, now, armed.current);
      watch.current = seen;
      if (armed.current) {
        if (action !== "send") return; // nobody came, or changed pictures keep showing nobody (the backoff's wait)
        looking.current = true;
        quietHeard.current = null;
        quietBusy.current = null;
        void (async () => {
          try {
            await check(autoType, true);
            if (quietHeard.current) watch.current = afterTry(watch.current, thumb, quietHeard.current, now);
            else if (quietBusy.current) {
              // Throttled or failed by the server: the next try waits (from this answer), longer with each in a row.
              watch.current = afterBusy(watch.current, performance.now(), quietBusy.current.retryAfterMs);
            }
          } finally {
            looking.current = false;
          }
        })();
        return;
      }
      if (action === "same") {
        // Unchanged since the last look (or the try that answered): its answer stands, nothing sent.
        emptyLooks.current = watch.current.sent?.empty ? emptyLooks.current + 1 : 0;
        if (emptyLooks.current >= AUTO_EMPTY_LOOKS) armed.current = true;
        return;
      }
      if (action === "wait") return; // the server throttled or failed the last looks: their backoff's wait
      looking.current = true; // an empty frame wanted: records nothing
      const answeredAt = lastAnswerAt.current;
      void (async () => {
        try {
          const photo = await camera.current?.capture();
          if (!photo) return; // no picture yet: no look
          const answer = await frameIsEmpty(api, photo);
          if (lastAnswerAt.current !== answeredAt) return; // a check answered meanwhile (a press): this look is stale
          const empty = typeof answer === "boolean" ? answer : null;
          if (empty !== null) watch.current = afterLook(watch.current, thumb, empty, now);
          // Throttled or failed by the server: the next look waits, as a quiet try's would.
          else if (typeof answer === "object" && answer) {
            watch.current = afterBusy(watch.current, performance.now(), answer.retryAfterMs);
          }
          emptyLooks.current = empty ? emptyLooks.current + 1 : 0;
          if (emptyLooks.current >= AUTO_EMPTY_LOOKS) armed.current = true;
        } finally {
          looking.current = false;
        }
      })();
    }, AUTO_EVERY_MS);
    return () => window.clearInterval(timer);
  }, [api, auto, autoType, busy, check, typing]);

  const refused = unsent.filter((item) => item.kind === "refused").length;
  const unknown = unsent.filter((item) => item.kind === "unknown").length;
  const disputes = unsent.filter((item) => item.kind === "dispute").length;
  const typed = unsent.filter((item) => item.kind === "typed").length;
  const dropped = unsent.length - refused - unknown - disputes - typed;
  return (
    <main className="kiosk">
      <header className="kiosk-bar">
        <h1>{t("app.kiosk")}</h1>
        <span>{pairing.device.site ? t("kiosk.device", { name: pairing.device.name, site: pairing.device.site })
          : t("kiosk.device.nosite", { name: pairing.device.name })}</span>
        <span className={`badge ${online ? "ok" : "bad"}`} data-testid="online">{online ? t("kiosk.online") : t("kiosk.offline")}</span>
        <span data-testid="queue-count" aria-live="polite">{t("kiosk.queue.count", { count: waiting })}</span>
        <LanguageSwitch />
      </header>
      {unsent.length > 0 && (
        <section className="kiosk-unsent" role="status" data-testid="unsent">
          {refused > 0 && <p className="badge bad" data-testid="queue-refused">{t("kiosk.queue.refused", { count: refused })}</p>}
          {dropped > 0 && <p className="badge bad" data-testid="queue-dropped">{t("kiosk.queue.dropped", { count: dropped })}</p>}
          {unknown > 0 && <p className="badge bad" data-testid="queue-unknown">{t("kiosk.queue.unknown", { count: unknown })}</p>}
          {disputes > 0 && <p className="badge bad" data-testid="queue-disputes">{t("kiosk.queue.disputes", { count: disputes })}</p>}
          {typed > 0 && <p className="badge bad" data-testid="queue-typed">{t("kiosk.queue.typed", { count: typed })}</p>}
          <UnsentList items={unsent} timeZone={pairing.device.timezone} />
          {/* Setup mode only: the list is the only record of these checks, not for anybody in the queue to wipe. */}
          {staff && (
            <button type="button" onClick={() => setUnsent(acknowledgeUnsent())} data-testid="unsent-acknowledge">
              {t("kiosk.unsent.acknowledge")}
            </button>
          )}
        </section>
      )}
      <div className="kiosk-body">
        <Camera ref={camera} onState={setCameraState} />
        <div className="kiosk-side">
          <div className="kiosk-buttons">
            {/* A quiet automatic try never disables them: a press takes precedence over it. */}
            {door === "both" ? (
              // A door used both ways: the server decides entry or exit for the person it recognizes.
              <button type="button" className="big punch" disabled={busy || !cameraReady} onClick={() => void check("punch")} data-testid="punch">
                {t("kiosk.punch")}
              </button>
            ) : (
              <>
                <button type="button" className="big entry" disabled={busy || !cameraReady} onClick={() => void check("check-in")} data-testid="entry">
                  {t("kiosk.entry")}
                </button>
                <button type="button" className="big exit" disabled={busy || !cameraReady} onClick={() => void check("check-out")} data-testid="exit">
                  {t("kiosk.exit")}
                </button>
              </>
            )}
          </div>
          <NoFaceId door={door} open={typing} onOpen={typedOpen} disabled={busy} onSend={typedPunch} />
          {staff ? (
            <section className="auto kiosk-setup" data-testid="kiosk-setup" aria-label={t("kiosk.setup.title")}>
              <p className="kiosk-setup-title">{t("kiosk.setup.title")}</p>
              <p className="muted" data-testid="setup-until">
                {t("kiosk.setup.until", { time: formatClock(setupUntil, locale, pairing.device.timezone) })}
              </p>
              <label>
                <input type="checkbox" checked={auto} disabled={managed.automatic !== null}
                  onChange={(e) => { saveAuto(e.target.checked); setAuto(e.target.checked); }} />
                <span>{t("kiosk.auto")}</span>
                {managed.automatic !== null && <SetByHr testId="auto-set-by-hr" />}
              </label>
              {/* A button press does not change it: automatic mode records what is chosen and shown here. */}
              <label>
                <span>{t("kiosk.door")}</span>
                <select value={door} data-testid="door" disabled={managed.door !== null}
                  onChange={(e) => { const chosen = e.target.value as Door; saveDoor(chosen); setDoor(chosen); }}>
                  {(Object.keys(DOOR_LABEL) as Door[]).map((value) =>
                    <option key={value} value={value}>{t(DOOR_LABEL[value])}</option>)}
                </select>
                {managed.door !== null && <SetByHr testId="door-set-by-hr" />}
              </label>
              <a href={publicAddress()} data-testid="setup-done">{t("kiosk.setup.done")}</a>
            </section>
          ) : (
            <>
              {/* ?setup=1 without a code yet: the code asked for; the screen stays the public one meanwhile. */}
              {setupMode && <SetupCodeForm api={api} onOpened={openSetup} onUnpaired={handleAuthFailure} />}
              {/* The public screen: what this kiosk records, said, not changeable here. */}
              <p className="kiosk-settings" data-testid="kiosk-settings">
                {t("kiosk.settings.door", { door: t(DOOR_LABEL[door]) })}
                {auto && <>{" · "}{t("kiosk.settings.auto")}</>}
              </p>
            </>
          )}
          <section className="result" aria-live="assertive" aria-atomic="true" data-testid="result" ref={resultBox}>
            {instruction && <p className="result-line">{t("kiosk.challenge", { instruction })}</p>}
            {/* A "Not you?" being sent says so itself ("Sending…"); a press meanwhile takes the screen over. */}
            {busy && !instruction && <p className="result-line muted">{t("kiosk.working")}</p>}
            {cameraState === "starting" && !busy && !outcome && <p className="result-line muted" data-testid="camera-starting">{t("kiosk.camera.starting")}</p>}
            {cameraState === "failed" && !busy && !outcome && <p className="result-line" data-testid="camera-broken">{t("kiosk.camera.broken")}</p>}
            {!busy && outcome && <OutcomeView outcome={outcome} timeZone={pairing.device.timezone}
              onNotMe={(eventId, name, at) => void notMe(eventId, name, at)} />}
            {!busy && outcome && also && (
              <p className="result-line" data-testid="also-recorded">
                {t(also.direction === "entry" ? "kiosk.also.entry"
                  : also.direction === "exit" ? "kiosk.also.exit" : "kiosk.also.unmatched",
                  { time: formatClock(also.at, locale, pairing.device.timezone) })}
              </p>
            )}
          </section>
          <PrivacyNotice notice={privacy} />
        </div>
      </div>
    </main>
  );
}

/** "No Face ID?" on the idle screen: for a person without Face ID (their consent withdrawn, or never enrolled). They
 * type their payroll number and pick the way (the door's, when it has one); sent without any photo or frame (the
 * camera is not read), and answered only "sent to HR to check": HR confirms it in the review queue. One the server
 * could not decide (the network down, a 5xx, throttled, an answer not the API's) is saved on the tablet and sent with
 * the queue (onSend), and said so: the person does not walk away believing it was lost, nor that HR has it; one the
 * tablet could not save either is said so (tell HR). */
function NoFaceId({ door, open, onOpen, disabled, onSend }: { door: Door; open: boolean;
  onOpen: (open: boolean) => void; disabled: boolean;
  onSend: (number: string, direction: Direction) => Promise<TypedAnswer | null> }) {
  const { t } = useI18n();
  const [number, setNumber] = useState("");
  const [sending, setSending] = useState(false);
  const [answer, setAnswer] = useState<TypedAnswer | null>(null);
  const closeTimer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(closeTimer.current), []);
  const ways: Direction[] = door === "entry" ? ["entry"] : door === "exit" ? ["exit"] : ["entry", "exit"];

  function close() {
    window.clearTimeout(closeTimer.current);
    setNumber("");
    setAnswer(null);
    onOpen(false);
  }

  async function send(direction: Direction) {
    if (!number.trim() || sending) return;
    setSending(true);
    try {
      const said = await onSend(number, direction);
      if (!said) return; // unpaired: the pairing screen says it
      // Sent, or saved (the number is kept only in the queue); not sent nor saved, kept to try again.
      if (said !== "failed" && said !== "not_saved") setNumber("");
      setAnswer(said);
    } finally {
      setSending(false);
    }
    window.clearTimeout(closeTimer.current);
    closeTimer.current = window.setTimeout(close, RESULT_SECONDS * 1000);
  }

  if (!open) {
    return (
      <button type="button" className="link no-face-id" data-testid="no-face-id" disabled={disabled}
        onClick={() => { setAnswer(null); onOpen(true); }}>{t("kiosk.noFace")}</button>
    );
  }
  return (
    <form className="card stack no-face-form" data-testid="no-face-form" onSubmit={(event) => event.preventDefault()}>
      <p>{t("kiosk.noFace.help")}</p>
      <label>
        {t("kiosk.noFace.number")}
        <input name="employee_number" value={number} onChange={(e) => { setNumber(e.target.value); setAnswer(null); }}
          autoComplete="off" spellCheck={false} maxLength={50} data-testid="no-face-number" />
      </label>
      <div className="kiosk-buttons">
        {ways.map((way) => (
          <button key={way} type="button" className={`big ${way}`} disabled={sending || !number.trim()}
            data-testid={`no-face-${way}`} onClick={() => void send(way)}>
            {t(way === "entry" ? "kiosk.entry" : "kiosk.exit")}
          </button>
        ))}
      </div>
      {answer === "sent" && <p className="result-line" role="status" data-testid="no-face-sent">{t("kiosk.noFace.sent")}</p>}
      {(answer === "saved" || answer === "saved_soon") && <p className="result-line" role="status"
        data-testid="no-face-saved">{t(answer === "saved" ? "kiosk.noFace.saved" : "kiosk.noFace.savedSoon")}</p>}
      {answer === "failed" && <p className="notice error" role="alert" data-testid="no-face-failed">{t("kiosk.noFace.failed")}</p>}
      {answer === "not_saved" && <p className="notice error" role="alert"
        data-testid="no-face-not-saved">{t("kiosk.noFace.notSaved")}</p>}
      <button type="button" className="secondary" onClick={close} data-testid="no-face-close">{t("kiosk.noFace.close")}</button>
    </form>
  );
}

/** The saved checks given up, each with when it was taken (the device's time zone) and which button, and why. A
 * "Not you?" names the punch HR must check: the time the screen showed for it and its event number; a typed punch,
 * its payroll number masked but for its last 2 characters. Never the name, nor a whole number: the list is on the
 * public screen. */
function UnsentList({ items, timeZone }: { items: UnsentCheck[]; timeZone?: string }) {
  const { t, locale } = useI18n();
  return (
    <ul data-testid="unsent-list">
      {items.map((item) => (
        <li key={item.key} data-testid="unsent-item">
          {formatTime(item.recorded_at ?? item.captured_at, locale, timeZone)} · {t(buttonLabel(item.event_type))}
          {item.number !== undefined && <>{" · "}<span data-testid="unsent-typed">
            {t("kiosk.unsent.typed", { number: item.number })}</span></>}
          {item.event_id != null && <>{" · "}<span data-testid="unsent-event">
            {t("kiosk.unsent.event", { id: item.event_id })}</span></>}
          {" · "}{reasonText(t, item.reason)}
        </li>
      ))}
    </ul>
  );
}

/** What "No Face ID?" says after a press (KioskApp's typedPunch). */
type TypedAnswer = "sent" | "saved" | "saved_soon" | "failed" | "not_saved";

/** A typed punch's way, from the route its queued item keeps (check-out: an exit). */
function typedDirection(eventType: EventType): Direction {
  return eventType === "check-out" ? "exit" : "entry";
}

/** Setup mode's lock: the code from the console (POST /devices/me/setup). A wrong, expired or spent code is refused
 * alike (403 setup_code_invalid; the fifth wrong try spends it); any other 401 or 403 is this kiosk unpaired (revoked,
 * re-paired: the device authorizer's refusal reaches the tablet as API Gateway's plain 403). */
function SetupCodeForm({ api, onOpened, onUnpaired }: { api: Api;
  onOpened: (opened: { setup_until: string; setup_seconds: number }) => void; onUnpaired: (error: unknown) => boolean }) {
  const { t } = useI18n();
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy || !code.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const opened = await call(api.POST("/devices/me/setup", { body: { code: code.trim() } }));
      setCode("");
      onOpened(opened);
    } catch (cause) {
      if (cause instanceof ApiError && cause.code === "setup_code_invalid") setError(t("kiosk.setup.refused"));
      else if (cause instanceof ApiError && (cause.status === 401 || cause.status === 403) && onUnpaired(cause)) return;
      else if (cause instanceof NetworkError || (cause instanceof ApiError && (cause.status === 429 || cause.status >= 500))) {
        setError(t("kiosk.setup.busy")); // not judged: the code is still as it was
      } else setError(errorText(t, cause));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="auto kiosk-setup stack" data-testid="setup-code-form" onSubmit={submit} aria-label={t("kiosk.setup.title")}>
      <p className="kiosk-setup-title">{t("kiosk.setup.title")}</p>
      <p>{t("kiosk.setup.locked")}</p>
      <label>
        {t("kiosk.setup.code")}
        <input name="setup_code" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off"
          autoCapitalize="characters" spellCheck={false} required maxLength={32} className="pair-code" />
      </label>
      <button type="submit" disabled={busy || !code.trim()}>{t("kiosk.setup.open")}</button>
      {error && <p className="notice error" role="alert" data-testid="setup-code-error">{error}</p>}
    </form>
  );
}

/** Beside a setup-mode control HR set in the console: the tablet cannot change it. */
function SetByHr({ testId }: { testId: string }) {
  const { t } = useI18n();
  return <small className="set-by-hr" data-testid={testId}>{t("kiosk.setup.setByHr")}</small>;
}

/** The button a check was taken with ("Not you?" for a dispute in the unsent log). */
function buttonLabel(eventType: EventType | "not-you"): MessageKey {
  if (eventType === "not-you") return "kiosk.notMe";
  return eventType === "punch" ? "kiosk.punch" : eventType === "check-in" ? "kiosk.entry" : "kiosk.exit";
}

/** The answer on the big screen. A recorded or queued check says its time (HH:MM on the kiosk's clock, its device's
 * time zone): what was recorded, or what a saved check will be recorded for once sent. */
function OutcomeView({ outcome, timeZone, onNotMe }: { outcome: Outcome; timeZone?: string | null;
  onNotMe: (eventId: number, name: string, at: string) => void }) {
  const { t, locale } = useI18n();
  switch (outcome.kind) {
    case "recorded": {
      const time = formatClock(outcome.at, locale, timeZone, { hours24: true });
      return (
        <div className="outcome ok" data-outcome="recorded">
          <p className="person" data-testid="person">{outcome.name}</p>
          <p className="result-line" data-testid="recorded-at" data-time={time}>
            {t(outcome.repeated ? "kiosk.already"
              : outcome.direction === "entry" ? "kiosk.entry.recorded" : "kiosk.exit.recorded", { time })}
          </p>
          {outcome.disputable && (
            <button type="button" className="secondary" data-testid="not-me"
              onClick={() => onNotMe(outcome.eventId, outcome.name, outcome.at)}>{t("kiosk.notMe")}</button>
          )}
        </div>
      );
    }
    case "disputing":
      return (
        <div className="outcome" data-outcome="disputing">
          <p className="result-line" data-testid="dispute-sending">{t("kiosk.notMe.sending")}</p>
        </div>
      );
    case "disputed":
      return (
        <div className="outcome warn" data-outcome="disputed">
          <p className="result-line" data-testid="disputed">{t("kiosk.notMe.sent", { name: outcome.name })}</p>
        </div>
      );
    case "dispute_failed":
      return (
        <div className="outcome warn" data-outcome="dispute-failed">
          <p className="result-line">{t(outcome.late ? "kiosk.notMe.late"
            : outcome.unanswered ? "kiosk.notMe.unanswered" : "kiosk.notMe.failed")}</p>
        </div>
      );
    case "manager":
      return (
        <div className="outcome warn" data-outcome="manager">
          <p className="result-line">{t("kiosk.manager")}</p>
          <p>{t(outcome.detail)}</p>
        </div>
      );
    case "retry":
      return (
        <div className="outcome warn" data-outcome="retry">
          <p className="result-line">{t("kiosk.retry")}</p>
          <p>{reasonText(t, outcome.reason, "retry")}</p>
        </div>
      );
    case "not_saved":
      return (
        <div className="outcome warn" data-outcome="not-saved">
          <p className="result-line" data-testid="not-saved">{t("kiosk.notSaved", { check: t(buttonLabel(outcome.eventType)),
            time: formatClock(outcome.at, locale, timeZone, { hours24: true }) })}</p>
        </div>
      );
    case "queued":
      return (
        <div className="outcome" data-outcome="queued">
          <p className="result-line">{t(outcome.soon ? "kiosk.queued.soon" : "kiosk.queued")}</p>
          <p data-testid="queued-at">{t("kiosk.queued.at", { check: t(buttonLabel(outcome.eventType)),
            time: formatClock(outcome.at, locale, timeZone, { hours24: true }) })}</p>
        </div>
      );
  }
}

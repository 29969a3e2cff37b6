import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { ApiError, call, type Employee, type EnrollmentStatus, type FaceRecord, type Schemas } from "../../api/client";
import { adminView } from "../data";
import { formatNumber, reasonText, useI18n, type Translate } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { Camera, type CameraHandle } from "../../kiosk/Camera";
import { ErrorNotice, formatClock, formatDateIn, formatTime, Notice, TableScroll } from "../../ui/components";
import { useAsync, useConsole, type Async } from "../context";
import { employeeFields } from "../fieldLabels";
import { useSendOnce } from "../sendOnce";
import { TimeZoneList } from "../timeZones";
import { PhotoSizeError, sizeWords, uploadPhoto, waitForTicket } from "../enrollment";
import { personDaysHref } from "../attendanceLinks";
import { EmployeeHistory } from "./EmployeeHistory";
import { BiometricConsentCard } from "./BiometricConsent";
import { BiometricDataCard } from "./BiometricData";

interface Upload {
  id: string;
  label: string;
  ticketId?: string;
  status?: EnrollmentStatus;
  error?: unknown;
}

export function EmployeePage({ id }: { id: string }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const person = useAsync(() => call(api.GET("/employees/{employee_id}", { params: { path: { employee_id: id } } })).then(adminView), [api, id]);
  // A face enrolled or removed, a held photo decided on: in the History, not in the person's row.
  const [facesChanged, setFacesChanged] = useState(0);
  // Nor a withdrawal run again (its date stays): the faces and held photos are read again.
  const [withdrawals, setWithdrawals] = useState(0);
  // The person's faces and the photos held for HR, read once the person is, for the Enrollment card and the consent
  // card (whether biometric data is stored). Again when the person changes (an erasure deactivates them, a withdrawal
  // of consent keeps them: either way their faces and held photos are gone), after a withdrawal, and on request (an
  // enrollment, a removal, a held photo decided on).
  const shown = person.data;
  const path = { params: { path: { employee_id: id } } };
  const biometricDeps = [api, id, shown?.updated_at, shown?.erased_at, shown?.consent_withdrawn_at,
    shown?.withdrawal_unfinished, withdrawals];
  const faces = useAsync(async () => (shown ? call(api.GET("/employees/{employee_id}/faces", path)) : undefined),
    biometricDeps);
  // The photos held for HR as the API lists them: those uploaded elsewhere (another browser, the CLI) too.
  const held = useAsync(async () => (shown ? call(api.GET("/employees/{employee_id}/enrollments", path)) : undefined),
    biometricDeps);
  const biometricsLeft = (faces.data?.items.length ?? 0) + (held.data?.items.length ?? 0) > 0;
  return (
    <section className="stack" aria-labelledby="employee-title">
      <a href="#/employees">{t("employees.back")}</a>
      <ErrorNotice error={person.error} />
      {person.data && (
        <>
          <h2 id="employee-title" tabIndex={-1}>{person.data.full_name}</h2>
          <EditEmployee person={person.data} onChanged={person.reload} />
          <BiometricConsentCard person={person.data} onRecorded={person.reload}
            onWithdrawn={() => setWithdrawals((count) => count + 1)} biometricsLeft={biometricsLeft} />
          <Enrollment person={person.data} faces={faces} held={held}
            onFaceRemoved={() => { setFacesChanged((count) => count + 1); held.reload(); }}
            onEnrolled={() => { setFacesChanged((count) => count + 1); held.reload(); }} />
          <BiometricDataCard person={person.data} />
          <EmployeeHistory person={person.data} facesChanged={facesChanged} />
        </>
      )}
    </section>
  );
}

/** Whether updated_at `a` is later than `b` (to the microsecond the API gives; Date keeps milliseconds only). */
function later(a: string, b: string): boolean {
  const micros = (text: string) => (text.match(/\.(\d+)/)?.[1] ?? "").padEnd(6, "0").slice(3, 6);
  const [ma, mb] = [Date.parse(a), Date.parse(b)];
  return ma !== mb ? ma > mb : micros(a) > micros(b);
}

/** A save refused as stale: from which version, and the change that made it so (null: one the API did not audit). */
interface StaleSave {
  from: string;
  changedBy: string | null;
  changedAt: string | null;
}

function staleSave(from: string, details: unknown): StaleSave {
  const { changed_by: changedBy, changed_at: changedAt } = (details ?? {}) as { changed_by?: unknown; changed_at?: unknown };
  return { from, changedBy: typeof changedBy === "string" ? changedBy : null,
    changedAt: typeof changedAt === "string" ? changedAt : null };
}

function EditEmployee({ person: loaded, onChanged }: { person: Employee; onChanged: () => void }) {
  const { api, calendar } = useConsole();
  // What this page last saved, shown and saved from until the reload it asked for lands: a second save made
  // meanwhile carries the version its first save made, not one someone else's change would be blamed for.
  const [saved, setSaved] = useState<Employee | null>(null);
  const person = saved !== null && saved.id === loaded.id && later(saved.updated_at, loaded.updated_at) ? saved : loaded;
  const { t, locale } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [erasing, setErasing] = useState(false);
  const eraseButton = useRef<HTMLButtonElement>(null);
  // One change at a time: a double click on Save, Deactivate or Reactivate sends one request.
  const { once, busy } = useSendOnce();
  // The updated_at a save was refused from (409 employee_stale: someone else saved the person meanwhile), and who
  // that was and when (the API's details). Until the person is loaded again, on request, the form is not saved over
  // their change.
  const [stale, setStale] = useState<StaleSave | null>(null);
  const outdated = stale !== null && stale.from === person.updated_at;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget); // read now: the form may re-render before the request goes
    if (!outdated) void once(() => save(form));
  }

  async function save(form: FormData) {
    setError(null);
    setMessage(null);
    // Only the fields changed from what was read, with the version read: another admin's change to other fields
    // stands, and one to the same person since is refused (409 employee_stale) instead of silently undone. A change
    // of time zone re-reads the person's past days, and the API audits it.
    const typed = { full_name: String(form.get("full_name") ?? "").trim(), email: String(form.get("email") ?? "").trim(),
      department: String(form.get("department") ?? "").trim() || null, timezone: String(form.get("timezone") ?? "").trim() || null,
      employee_number: String(form.get("employee_number") ?? "").trim() || null,
      // The schedule select is left out of the form until the schedules are read: then it is not changed.
      schedule_id: !form.has("schedule_id") ? undefined : form.get("schedule_id") ? Number(form.get("schedule_id")) : null };
    const changes: Schemas["EmployeePatch"] = {};
    if (typed.full_name !== person.full_name) changes.full_name = typed.full_name;
    if (typed.email !== person.email) changes.email = typed.email;
    if (typed.department !== (person.department ?? null)) changes.department = typed.department;
    if (typed.timezone !== (person.timezone ?? null)) changes.timezone = typed.timezone;
    if (typed.employee_number !== (person.employee_number ?? null)) changes.employee_number = typed.employee_number;
    if (typed.schedule_id !== undefined && typed.schedule_id !== (person.schedule_id ?? null)) changes.schedule_id = typed.schedule_id;
    if (Object.keys(changes).length === 0) {
      setMessage(t("employees.unchanged"));
      return;
    }
    const seen = person.updated_at;
    try {
      setSaved(await call(api.PATCH("/employees/{employee_id}", { params: { path: { employee_id: person.id } },
        body: { ...changes, expected_updated_at: seen } })));
      setMessage(t("common.saved"));
      onChanged();
    } catch (cause) {
      if (cause instanceof ApiError && cause.code === "employee_stale") setStale(staleSave(seen, cause.details));
      else setError(cause);
    }
  }

  async function deactivate() {
    // The person can no longer check in until reactivated: asked first, as erasure is.
    if (!window.confirm(t("employees.deactivate.confirm", { name: person.full_name }))) return;
    setError(null);
    setMessage(null);
    try {
      await call(api.DELETE("/employees/{employee_id}", { params: { path: { employee_id: person.id } } }));
      setMessage(t("employees.deactivated"));
      onChanged();
    } catch (cause) {
      setError(cause);
    }
  }

  async function reactivate(force = false) {
    setError(null);
    setMessage(null);
    try {
      setSaved(await call(api.PATCH("/employees/{employee_id}", { params: { path: { employee_id: person.id },
        query: { force } }, body: { is_active: true } })));
      setMessage(t("employees.reactivated"));
      onChanged();
    } catch (cause) {
      // Their face is another active person's (a rehire enrolled as somebody new): asked, then forced (audited).
      if (!force && cause instanceof ApiError && cause.code === "duplicate_person"
          && window.confirm(t("employees.reactivate.duplicate", { message: cause.message }))) {
        await reactivate(true);
        return;
      }
      setError(cause);
    }
  }

  // The erase dialog is a form of its own, outside this one: Enter in it must never save the edits.
  return (
    <>
    <form className="card stack" onSubmit={submit} aria-label={t("employees.edit")}>
      {/* Keyed by the version shown: a reload (after a save, or on request after someone else's) fills the fields
        with what the API holds now. */}
      <div className="row" key={person.updated_at}>
        <label>{t("employees.name")}<input name="full_name" defaultValue={person.full_name} required /></label>
        <label>{t("employees.email")}<input name="email" type="email" defaultValue={person.email} required /></label>
        <label>{t("employees.number")}<input name="employee_number" defaultValue={person.employee_number ?? ""}
          maxLength={50} title={t("employees.number.hint")} data-testid="employee-number" /></label>
        <label>{t("employees.department")}<input name="department" defaultValue={person.department ?? ""} /></label>
        <label>{t("employees.timezone")}<input name="timezone" list="time-zones" defaultValue={person.timezone ?? ""}
          placeholder={calendar.timeZone} title={t("employees.timezone.default", { zone: calendar.timeZone })}
          data-testid="employee-timezone" /></label>
        <TimeZoneList />
        <ScheduleSelect person={person} />
        <span className={`badge ${person.is_active ? "ok" : "bad"}`} data-testid="person-status">{person.is_active ? t("employee.status.active") : t("employee.status.inactive")}</span>
        {person.erased_at && <span className="badge bad" data-testid="erased">{t("employees.erasedBadge")}</span>}
      </div>
      <div className="row">
        <button type="submit" disabled={busy || outdated}>{t("common.save")}</button>
        {person.is_active
          ? <button type="button" className="secondary" disabled={busy} onClick={() => void once(deactivate)}>{t("employees.deactivate")}</button>
          : <button type="button" className="secondary" disabled={busy} onClick={() => void once(reactivate)} data-testid="reactivate">{t("employees.reactivate")}</button>}
        {/* Erased (and not reactivated since): nothing biometric is left to erase. */}
        {!person.erased_at && <button type="button" className="danger" ref={eraseButton} onClick={() => setErasing(true)} data-testid="erase">{t("employees.erase")}</button>}
      </div>
      {message && <Notice kind="ok">{message}</Notice>}
      {outdated && (
        <div className="stack" data-testid="employee-stale">
          <Notice kind="error">{stale.changedBy && stale.changedAt
            ? t("employees.stale.by", { who: stale.changedBy, name: person.full_name,
              time: formatClock(stale.changedAt, locale, calendar.timeZone, { hours24: true }) })
            : t("employees.stale", { name: person.full_name })}</Notice>
          <div><button type="button" onClick={onChanged}>{t("employees.stale.reload")}</button></div>
        </div>
      )}
      <ErrorNotice error={error} fields={employeeFields(t)} />
    </form>
    {erasing && <EraseDialog person={person} onClose={() => { setErasing(false); eraseButton.current?.focus(); }}
      onErased={(text) => {
        setErasing(false);
        setMessage(text);
        onChanged();
        // The dialog (and the focus in it) is gone: the page's heading takes the focus, the outcome just below it.
        document.getElementById("employee-title")?.focus();
      }} />}
    </>
  );
}

/** The person's work schedule (README, Work schedules): none, or one of the schedules; saved with the other fields.
 * One the list no longer has (deleted meanwhile: the API refuses that while anyone has it) is still shown by name. */
function ScheduleSelect({ person }: { person: Employee }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const schedules = useAsync(() => call(api.GET("/schedules")), [api]);
  const items = schedules.data?.items ?? [];
  const current = person.schedule_id ?? null;
  const missing = current !== null && !items.some((schedule) => schedule.id === current);
  return (
    <>
      {/* Keyed by the list: the choice is shown once the schedules are read (a select's default is its first). */}
      <label key={schedules.data ? "read" : "reading"}>{t("employees.schedule")}
        <select name="schedule_id" defaultValue={current === null ? "" : String(current)} data-testid="employee-schedule"
          disabled={!schedules.data}>
          <option value="">{t("employees.schedule.none")}</option>
          {missing && <option value={String(current)}>{person.schedule_name ?? String(current)}</option>}
          {items.map((schedule) => <option key={schedule.id} value={String(schedule.id)}>{schedule.name}</option>)}
        </select>
      </label>
      {schedules.error ? <ErrorNotice error={schedules.error} /> : null}
    </>
  );
}

/** Erasure asks for the person's full name, typed: it removes every biometric trace for good. */
function EraseDialog({ person, onClose, onErased }: { person: Employee; onClose: () => void; onErased: (message: string) => void }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const matches = typed.trim() === person.full_name.trim();

  async function erase(event: FormEvent<HTMLFormElement>) {
    event.preventDefault(); // Enter in the name field: erases only once the name matches
    if (!matches || busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await call(api.DELETE("/employees/{employee_id}", { params: { path: { employee_id: person.id }, query: { erase: true } } }));
      const counts = result as { embeddings_deleted?: number; snapshots_deleted?: number };
      onErased(t("employees.erased", { faces: counts.embeddings_deleted ?? 0, snapshots: counts.snapshots_deleted ?? 0 }));
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }

  const dialog = useRef<HTMLFormElement>(null);
  return (
    <form role="dialog" aria-modal="true" aria-labelledby="erase-title" className="card stack" data-testid="erase-dialog"
      ref={dialog} onKeyDown={(event) => modalKeys(event, dialog.current, onClose)} onSubmit={(event) => void erase(event)}>
      <h3 id="erase-title">{t("employees.erase.title", { name: person.full_name })}</h3>
      <p>{t("employees.erase.help")}</p>
      {person.biometric_consent && <p data-testid="erase-staying">{t("employees.erase.staying")}</p>}
      <label>{t("employees.erase.confirm", { name: person.full_name })}
        <input value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus autoComplete="off" data-testid="erase-confirm" />
      </label>
      <div className="row">
        <button type="submit" className="danger" disabled={!matches || busy}>{t("employees.erase.go")}</button>
        <button type="button" className="secondary" onClick={onClose}>{t("common.cancel")}</button>
      </div>
      <ErrorNotice error={error} />
    </form>
  );
}

/** A modal dialog's keys: Escape closes it, Tab keeps the focus inside it. */
export function modalKeys(event: KeyboardEvent<HTMLElement>, dialog: HTMLElement | null, onClose: () => void) {
  if (event.key === "Escape") {
    event.preventDefault();
    onClose();
  } else if (event.key === "Tab") {
    const focusable = Array.from(dialog?.querySelectorAll<HTMLElement>("input, button:not(:disabled)") ?? []);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last?.focus(); }
    else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first?.focus(); }
  }
}

/** The faces and held photos are the page's reads (`faces`, `held`): reloaded here after an enrollment, a removal or
 * a decision; `onFaceRemoved` and `onEnrolled` tell the page (the History, and the consent card's held photos). */
function Enrollment({ person, faces, held, onFaceRemoved, onEnrolled }: { person: Employee;
  faces: Async<Schemas["FaceList"] | undefined>; held: Async<Schemas["EnrollmentList"] | undefined>;
  onFaceRemoved: () => void; onEnrolled: () => void }) {
  const { api, calendar } = useConsole();
  const { t, locale } = useI18n();
  const [uploads, setUploads] = useState<Upload[]>([]);
  // The face last removed, and what the removal answered (none when it was gone already).
  const [removed, setRemoved] = useState<{ id: number; result?: FaceRemoval } | null>(null);
  const [webcam, setWebcam] = useState(false);
  const camera = useRef<CameraHandle>(null);
  const leaving = useRef(new AbortController());
  useEffect(() => () => leaving.current.abort(), []); // stop polling tickets when the page goes

  function update(id: string, change: Partial<Upload>) {
    setUploads((current) => current.map((item) => (item.id === id ? { ...item, ...change } : item)));
  }

  async function send(photo: Blob, label: string) {
    const id = crypto.randomUUID();
    setUploads((current) => [{ id, label }, ...current]);
    try {
      const ticket = await uploadPhoto(api, person.id, photo);
      update(id, { ticketId: ticket });
      await waitForTicket(api, person.id, ticket, (status) => update(id, { status }), leaving.current.signal);
      faces.reload();
      onEnrolled();
    } catch (error) {
      update(id, { error });
    }
  }

  /** A removal checked the photos held against the person's faces again: show what each says now (on failure, what
   * it said before stays). */
  function recheckHeld() {
    for (const item of uploads) {
      if (item.status?.status !== "needs_confirmation") continue;
      const path = { employee_id: person.id, ticket_id: item.status.ticket_id };
      void call(api.GET("/employees/{employee_id}/enrollments/{ticket_id}", { params: { path } }))
        .then((status) => update(item.id, { status }), () => undefined);
    }
  }

  // A held photo decided on from the list joins this session's uploads, where its outcome shows.
  function decidedHeld(status: EnrollmentStatus, label: string) {
    setUploads((current) => [{ id: crypto.randomUUID(), label, ticketId: status.ticket_id, status }, ...current]);
    decided();
  }

  // A confirmation found the verdict changed: faces were enrolled or removed meanwhile (elsewhere), so the faces and
  // the History shown are read again too.
  function changedElsewhere() {
    faces.reload();
    onFaceRemoved();
  }

  // A decision is in the History; a confirmation enrolled a face, which checked the person's other held photos again.
  function decided() {
    changedElsewhere();
    recheckHeld();
    held.reload();
  }

  // This session's uploads show in their own table: listed once.
  const uploaded = new Set(uploads.map((item) => item.ticketId ?? item.status?.ticket_id));
  const heldElsewhere = (held.data?.items ?? []).filter((status) => !uploaded.has(status.ticket_id));
  const enrollment = faces.data?.enrollment;
  // No photo is taken without the person's recorded biometric consent where the server requires it (the API refuses
  // it: 409 consent_required); the faces' answer says whether it does for this person now.
  const consented = Boolean(person.biometric_consent) || faces.data?.enrollment.consent_needed === false;
  return (
    <section className="card stack" aria-labelledby="enroll-title">
      <h3 id="enroll-title" tabIndex={-1}>{t("enroll.title")}</h3>
      {faces.data && !person.erased_at && (
        <p data-testid="completeness">
          {enrollment
            ? <><strong>{enrollment.complete ? t("enroll.complete") : t("enroll.incomplete")}</strong>{" · "}{t("enroll.progress", { photos: enrollment.photos, min: enrollment.recommended_min })}</>
            : t("enroll.faces", { count: faces.data.items.length })}
          <FlaggedFaces faces={faces.data.items} />
        </p>
      )}
      {faces.data && faces.data.items.length === 0 && !person.erased_at && (
        <Notice><span data-testid="no-faces">{t("enroll.noFaces", { name: person.full_name })}</span></Notice>
      )}
      {faces.data && faces.data.items.length > 0 && (
        <EnrolledFaces person={person} faces={faces.data.items} onRemoved={(face, result) => {
          setRemoved({ id: face.id, result });
          decided();
          document.getElementById("enroll-title")?.focus(); // the row (and the dialog) are gone: the section's heading
        }} />
      )}
      {removed !== null && (
        <Notice kind="ok"><span data-testid="face-removed">{t("enroll.face.removed", { id: removed.id })}
          {removed.result && <> <PunchesToCheck person={person} removal={removed.result} /></>}</span></Notice>
      )}
      {person.erased_at && (
        <Notice><span data-testid="enroll-erased">{t("enroll.erased", { name: person.full_name,
          time: formatTime(person.erased_at, locale, calendar.timeZone) })}</span></Notice>
      )}
      {!person.erased_at && <div className="row">
        <label>{t("enroll.upload")}
          <input type="file" accept="image/jpeg,image/png,image/webp" multiple data-testid="photo-input" disabled={!consented}
            onChange={(e) => { for (const file of Array.from(e.target.files ?? [])) void send(file, file.name); e.target.value = ""; }} />
        </label>
        <button type="button" className="secondary" disabled={!consented} onClick={() => setWebcam(!webcam)}>{t("enroll.webcam")}</button>
        {!consented && <small data-testid="upload-needs-consent">{t("consent.uploadsDisabled")}</small>}
      </div>}
      {webcam && consented && !person.erased_at && (
        <div className="stack" style={{ maxWidth: "28rem" }}>
          <Camera ref={camera} />
          <button type="button" onClick={() => void camera.current?.capture().then((photo) => photo && send(photo, "webcam.jpg"))}>
            {t("enroll.webcam.take")}
          </button>
        </div>
      )}
      {uploads.length > 0 && (
        <table>
          <thead><tr><th>{t("enroll.file")}</th><th>{t("enroll.result")}</th></tr></thead>
          <tbody>
            {uploads.map((item) => (
              <tr key={item.id}>
                <td>{item.label}</td>
                <td data-testid="enroll-status" aria-live="polite">
                  <UploadStatus item={item} />
                  {item.status?.status === "needs_confirmation" && (
                    <DuplicateChoice employeeId={person.id} personName={person.full_name} status={item.status}
                      onChecked={(status) => { update(item.id, { status }); changedElsewhere(); }}
                      onDecided={(status) => { update(item.id, { status }); decided(); }} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {heldElsewhere.length > 0 && (
        <HeldPhotos person={person} items={heldElsewhere} truncated={held.data?.truncated ?? false} onDecided={decidedHeld}
          onChecked={() => { held.reload(); changedElsewhere(); }} />
      )}
      <ErrorNotice error={faces.error} />
      <ErrorNotice error={held.error} />
    </section>
  );
}

/** Photos held for HR that this page did not upload (another browser or session, the CLI): decided on here as a
 * fresh upload is, with what a face removal's re-check found. */
function HeldPhotos({ person, items, truncated, onDecided, onChecked }: { person: Employee; items: EnrollmentStatus[];
  truncated: boolean; onDecided: (status: EnrollmentStatus, label: string) => void; onChecked: () => void }) {
  const { t, locale } = useI18n();
  const { calendar } = useConsole();
  return (
    <table data-testid="held-photos">
      <caption>{t("enroll.held.caption")}</caption>
      <thead><tr><th>{t("enroll.held.uploaded")}</th><th>{t("enroll.result")}</th></tr></thead>
      <tbody>
        {items.map((status) => {
          const label = t("enroll.held.label", { time: formatTime(status.created_at, locale, calendar.timeZone) });
          return (
            <tr key={status.ticket_id} data-testid="held-photo" data-ticket-id={status.ticket_id}>
              <td>{label}</td>
              <td aria-live="polite">
                <UploadStatus item={{ id: status.ticket_id, label, status }} />
                <DuplicateChoice employeeId={person.id} personName={person.full_name} status={status}
                  onChecked={onChecked} onDecided={(decided) => onDecided(decided, label)} />
              </td>
            </tr>
          );
        })}
      </tbody>
      {truncated && <tfoot><tr><td colSpan={2}>{t("enroll.held.more")}</td></tr></tfoot>}
    </table>
  );
}

/** The person's enrolled faces (never the photos: they are deleted after processing), each removable: a misfiled
 * photo (somebody else's face on this record) is taken out without erasing the person. */
function EnrolledFaces({ person, faces, onRemoved }: { person: Employee; faces: FaceRecord[];
  onRemoved: (face: FaceRecord, result?: FaceRemoval) => void }) {
  const { t, locale } = useI18n();
  const { calendar } = useConsole();
  const [removing, setRemoving] = useState<FaceRecord | null>(null);
  const buttons = useRef(new Map<number, HTMLButtonElement>());
  const size = (face: FaceRecord) => (typeof face.quality.face_px === "number" ? `${Math.round(face.quality.face_px)} px` : "—");
  return (
    <>
      <TableScroll label={t("enroll.faces.caption")}>
        <table data-testid="faces">
          <caption>{t("enroll.faces.caption")}</caption>
          <thead><tr><th>{t("enroll.face.id")}</th><th>{t("enroll.face.enrolled")}</th><th>{t("enroll.face.size")}</th><th><span className="visually-hidden">{t("enroll.face.actions")}</span></th></tr></thead>
          <tbody>
            {faces.map((face) => (
              <tr key={face.id} data-testid="face-row" data-face-id={face.id}>
                <td>{face.id}</td>
                <td>{formatTime(face.created_at, locale, calendar.timeZone)}
                  {face.liveness_flagged && <> <LivenessBadge score={face.liveness_score} /></>}</td>
                <td>{size(face)}</td>
                <td>
                  <button type="button" className="secondary" data-testid="remove-face"
                    ref={(button) => { if (button) buttons.current.set(face.id, button); else buttons.current.delete(face.id); }}
                    aria-label={t("enroll.face.remove.label", { id: face.id, time: formatTime(face.created_at, locale, calendar.timeZone) })}
                    onClick={() => setRemoving(face)}>{t("enroll.face.remove")}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      {removing && (
        <RemoveFaceDialog person={person} face={removing} last={faces.length === 1}
          onClose={() => { const face = removing; setRemoving(null); buttons.current.get(face.id)?.focus(); }}
          onRemoved={(result) => { const face = removing; setRemoving(null); onRemoved(face, result); }} />
      )}
    </>
  );
}

type FaceRemoval = Schemas["FaceRemoval"];

/** Punches do not keep which face matched: those recognized as the person since the removed face was enrolled may be
 * its owner's check-ins, credited to this person. How many, and a link to the person's punches from then on. */
function PunchesToCheck({ person, removal }: { person: Employee; removal: FaceRemoval }) {
  const { t, locale } = useI18n();
  const { calendar } = useConsole();
  const since = formatTime(removal.punches_to_check_since, locale, calendar.timeZone);
  if (removal.punches_to_check === 0) return <>{t("enroll.face.removed.noPunches", { name: person.full_name, since })}</>;
  const href = personDaysHref(person.id, formatDateIn(removal.punches_to_check_since, calendar.timeZone), calendar.today);
  return (
    <>
      {t("enroll.face.removed.punches", { count: removal.punches_to_check, name: person.full_name, since })}{" "}
      <a href={href} data-testid="punches-to-check">{t("enroll.face.removed.check", { name: person.full_name })}</a>
    </>
  );
}

/** Says what a removal does before it is done: the face is gone for good, and with the last one the person cannot
 * check in. Cancel has the focus first: Enter alone never removes. */
function RemoveFaceDialog({ person, face, last, onClose, onRemoved }: { person: Employee; face: FaceRecord; last: boolean;
  onClose: () => void; onRemoved: (result?: FaceRemoval) => void }) {
  const { api, calendar } = useConsole();
  const { t, locale } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const { once, busy } = useSendOnce();
  const dialog = useRef<HTMLDivElement>(null);

  async function remove() {
    setError(null);
    try {
      onRemoved(await call(api.DELETE("/employees/{employee_id}/faces/{face_id}", { params: { path: { employee_id: person.id, face_id: face.id } } })));
    } catch (cause) {
      // Removed meanwhile (another tab, a colleague): the list is what it should be once reloaded.
      if (cause instanceof ApiError && cause.code === "face_not_found") onRemoved();
      else setError(cause);
    }
  }

  return (
    <div role="dialog" aria-modal="true" aria-labelledby="remove-face-title" aria-describedby="remove-face-help"
      className="card stack" data-testid="remove-face-dialog" ref={dialog} onKeyDown={(event) => modalKeys(event, dialog.current, onClose)}>
      <h3 id="remove-face-title">{t("enroll.face.remove.title", { name: person.full_name })}</h3>
      <div id="remove-face-help" className="stack">
        <p>{t("enroll.face.remove.help", { id: face.id, time: formatTime(face.created_at, locale, calendar.timeZone), name: person.full_name })}</p>
        {last && <p><strong>{t("enroll.face.remove.last", { name: person.full_name })}</strong></p>}
        <p>{t("enroll.face.remove.held", { name: person.full_name })}</p>
      </div>
      <div className="row">
        <button type="button" className="danger" disabled={busy} onClick={() => void once(remove)}>{t("enroll.face.remove.go")}</button>
        <button type="button" className="secondary" autoFocus onClick={onClose}>{t("common.cancel")}</button>
      </div>
      <ErrorNotice error={error} />
    </div>
  );
}

/** A held photo waits for HR. A suspected duplicate: the same face as another person on purpose (twins, a returning
 * employee), or not. not_same_person: unlike this person's own photos, a change of appearance or a misfiled photo. */
function DuplicateChoice({ employeeId, personName, status, onDecided, onChecked }: { employeeId: string; personName: string;
  status: EnrollmentStatus; onDecided: (status: EnrollmentStatus) => void; onChecked: (status: EnrollmentStatus) => void }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const { once, busy } = useSendOnce(); // a double click on either answer sends one
  const path = { employee_id: employeeId, ticket_id: status.ticket_id };
  const other = (status.reason_detail?.full_name as string | undefined) ?? status.duplicate_of_employee_id ?? "";

  async function decide(confirm: boolean) {
    setError(null);
    try {
      // The verdict shown goes with the confirmation: checked again, a different one is refused (hold_changed).
      onDecided(await call(confirm
        ? api.POST("/employees/{employee_id}/enrollments/{ticket_id}/confirm",
          { params: { path }, body: { seen: status.verdict ?? null } })
        : api.POST("/employees/{employee_id}/enrollments/{ticket_id}/reject", { params: { path } })));
    } catch (cause) {
      const fresh = cause instanceof ApiError && cause.code === "hold_changed"
        ? (cause.details as { enrollment?: EnrollmentStatus } | undefined)?.enrollment : undefined;
      if (fresh) onChecked(fresh); // shown in place of what it said: HR decides again on what is true now
      else setError(cause);
    }
  }

  const detail = status.reason_detail ?? {};
  // Checked again since it was held: by a face removal (README, "Removing one face"), a face enrolled for the person
  // or a confirmation (README, "Held photos").
  const rechecked = detail.rechecked as "still_held" | "passes" | "no_faces" | "names_another" | undefined;
  const byRemoval = detail.recheck_cause === "face_removed" || (detail.compared_face_removed === true && !detail.recheck_cause);
  const similarity = detail.similarity as number | undefined;
  const unlike = status.reason_code === "not_same_person";
  // A suspected duplicate that looks like nobody enrolled since a face removal names nobody: this person's face?
  const nobody = !unlike && !other;
  return (
    <div className="stack" data-testid="duplicate">
      {detail.hold_changed === true && <Notice kind="error"><span data-testid="hold-changed">{t("enroll.hold.changed")}</span></Notice>}
      <div className="held-verdict">
        <HeldPhotoCrop url={status.photo_url} personName={personName} />
        <div className="stack">
          <p>{unlike
            ? t("enroll.notSamePerson.ask", { name: personName })
            : nobody ? t("enroll.duplicate.askNobody", { name: personName })
            : status.reason_detail?.duplicate_of_inactive ? t("enroll.duplicate.askInactive", { name: other })
            : t("enroll.duplicate.ask", { name: other })}</p>
          {!unlike && !nobody && detail.same_person === "unlike" && (
            <p data-testid="also-unlike">{t("enroll.duplicate.alsoUnlike", { name: personName })}</p>
          )}
          {rechecked && (
            <p data-testid="rechecked">{t(`enroll.${byRemoval ? "recheck" : "checked"}.${unlike ? "unlike" : "duplicate"}.${rechecked}` as MessageKey,
              { name: unlike || nobody ? personName : other, similarity: similarity?.toFixed(2) ?? "" })}</p>
          )}
        </div>
      </div>
      <div className="row">
        <button type="button" disabled={busy} onClick={() => void once(() => decide(true))}>{t("enroll.duplicate.confirm")}</button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void once(() => decide(false))}>{t("enroll.duplicate.reject")}</button>
      </div>
      <ErrorNotice error={error} />
    </div>
  );
}

/** The held photo HR decides on: its face crop, kept only while it is held (a short-lived link), beside the verdict;
 * none kept (held before crops were kept): said so. */
function HeldPhotoCrop({ url, personName }: { url?: string | null; personName: string }) {
  const { t } = useI18n();
  if (!url) return <p className="held-photo-none" data-testid="held-photo-none">{t("enroll.held.noPhoto")}</p>;
  return <img className="held-photo" data-testid="held-photo-image" src={url} alt={t("enroll.held.photo", { name: personName })} />;
}

function UploadStatus({ item }: { item: Upload }) {
  const { t, locale } = useI18n();
  if (item.error instanceof PhotoSizeError && item.error.kind === "pixels") {
    const megapixels = (pixels: number) => (pixels / 1e6).toLocaleString(locale, { maximumFractionDigits: 1 });
    const { width = 0, height = 0 } = item.error.dimensions ?? {};
    return <Notice kind="error">{t("enroll.tooManyPixels", { width, height, megapixels: megapixels(width * height),
      limit: megapixels(item.error.limit) })}</Notice>;
  }
  if (item.error instanceof PhotoSizeError) {
    const size = sizeWords(item.error.limit, locale, { mb: t("enroll.size.mb"), kb: t("enroll.size.kb") });
    return <Notice kind="error">{t(item.error.kind === "large" ? "enroll.tooLarge" : "enroll.tooSmall", { size })}</Notice>;
  }
  if (item.error) return <ErrorNotice error={item.error} />;
  if (!item.status) return <span>{t("enroll.status.pending")}</span>;
  const status = item.status.status;
  const label = status === "completed" ? t("enroll.status.completed") : status === "rejected" ? t("enroll.status.rejected")
    : status === "needs_confirmation" ? t("enroll.status.needs_confirmation") : t("enroll.status.pending");
  return (
    <span data-status={status}>
      <span className={`badge ${status === "completed" ? "ok" : status === "rejected" ? "bad" : "warn"}`}>{label}</span>
      {item.status.reason_code && <> {decidedText(t, item.status) ?? reasonText(t, item.status.reason_code)}</>}
      {item.status.liveness_flagged && status !== "rejected" && <> <LivenessBadge score={item.status.liveness_score} /></>}
      {item.status.duplicate_of_employee_id && status !== "needs_confirmation" && (
        <> · {t("enroll.duplicate", { id: (item.status.reason_detail?.full_name as string | undefined) ?? item.status.duplicate_of_employee_id })}</>
      )}
    </span>
  );
}

/** A held photo once HR decided: it was held for this reason, and HR confirmed or refused it (not "completed: does
 * not look like…", which reads as a contradiction). Null for any other outcome. */
function decidedText(t: Translate, status: EnrollmentStatus): string | null {
  const confirmed = status.reason_detail?.confirmed;
  if (typeof confirmed !== "boolean") return null;
  const reason = reasonText(t, status.reason_code);
  return confirmed ? t("enroll.decided.confirmed", { reason }) : t("enroll.decided.refused", { reason });
}

/** Enrollment runs passive liveness: a flagged face was stored (policy flag) but scores like a print or a screen. */
function LivenessBadge({ score }: { score?: number | null }) {
  const { t, locale } = useI18n();
  return (
    <span className="badge warn" data-testid="liveness-flagged" title={t("enroll.liveness_flagged.help", { score: score == null ? "?" : formatNumber(score, locale, 2) })}>
      {t("enroll.liveness_flagged")}
    </span>
  );
}

function FlaggedFaces({ faces }: { faces: FaceRecord[] }) {
  const { t } = useI18n();
  const flagged = faces.filter((face) => face.liveness_flagged).length;
  if (flagged === 0) return null;
  return <>{" · "}<span className="badge warn" data-testid="liveness-flagged-faces">{t("enroll.liveness_flagged.count", { count: flagged })}</span></>;
}

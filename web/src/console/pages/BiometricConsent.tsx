import { useRef, useState, type FormEvent } from "react";
import { ApiError, call, type Employee } from "../../api/client";
import { adminView } from "../data";
import { useI18n } from "../../i18n";
import { ErrorNotice, Notice } from "../../ui/components";
import { recentDaysHref } from "../attendanceLinks";
import { useConsole } from "../context";
import { useSendOnce } from "../sendOnce";
import { modalKeys } from "./Employee";

/** The date a consent was recorded on, in the report zone: "3 Dec 2026". */
function consentDate(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone }).format(new Date(iso));
}

/** The person's biometric consent (BIPA's written release, GDPR Art. 9): when, by whom, the reference, and the
 * employee's withdrawal of it (they stay employed); or a warning that no photo can be enrolled without it — or that
 * they withdrew it, and HR enters their time — and the form HR records it with (the agreement's checkbox required).
 * The withdrawal is offered to an active person with a consent recorded ("Withdraw consent…"), and to one without
 * only while faces or held photos of theirs are stored: none recorded (enrolled before consents were kept, or under
 * FACEPASS_BIOMETRIC_CONSENT=off: "Stop using Face ID…"; a new hire with nothing stored is offered Record consent
 * only), or withdrawn and faces or held photos there again ("Withdraw again (faces are back)…"). One S3 stopped
 * (withdrawal_unfinished) is said, with "Run the withdrawal again", and no consent is recorded meanwhile (the API
 * refuses it: the rerun would erase what it enrolled). `biometricsLeft`: faces or held photos of theirs are stored (the
 * page's reads, again when a face is enrolled or removed, a held photo decided on, or a withdrawal runs);
 * `onWithdrawn`: a withdrawal ran (whole or in part), so the page reads the faces again. */
export function BiometricConsentCard({ person, onRecorded, onWithdrawn, biometricsLeft = false }: { person: Employee;
  onRecorded: () => void; onWithdrawn?: () => void; biometricsLeft?: boolean }) {
  const { calendar } = useConsole();
  const { t, locale } = useI18n();
  const consent = person.biometric_consent ?? null;
  const [withdrawing, setWithdrawing] = useState(false);
  const [withdrawn, setWithdrawn] = useState<string | null>(null); // the outcome, said once the card is redrawn
  const withdrawButton = useRef<HTMLButtonElement>(null);
  const staying = person.is_active && !person.erased_at; // a leaver is erased instead (Erase biometric data)
  const unfinished = staying && Boolean(person.withdrawal_unfinished);
  // No consent (never recorded, or withdrawn and finished): offered only when biometric data is stored (enrolled
  // before consents were kept or under consent=off; a restore the cleanup has not replayed yet); else nothing is
  // there to delete, and a click would only write a withdrawal the person never made.
  const offerWithdrawal = staying && !unfinished && (Boolean(consent) || biometricsLeft);
  /** A withdrawal ran (whole or in part): the dialog closes, the outcome (`text`; none when it is unfinished, which
   * the card then says) is shown, the person and faces are read again, and focus goes to the card's heading. */
  const afterWithdrawal = (text: string | null) => {
    setWithdrawing(false);
    setWithdrawn(text);
    onRecorded();
    onWithdrawn?.();
    document.getElementById("consent-title")?.focus();
  };
  const openButton = (label: string) => (
    <div>
      <button type="button" className="danger" ref={withdrawButton} onClick={() => setWithdrawing(true)}
        data-testid="withdraw-consent">{label}</button>
    </div>
  );
  return (
    <section className="card stack" aria-labelledby="consent-title" data-testid="biometric-consent">
      <h3 id="consent-title">{t("consent.title")}</h3>
      {withdrawn && <Notice kind="ok"><span data-testid="consent-withdrawn-result">{withdrawn}</span></Notice>}
      {consent
        ? <>
          <p data-testid="consent-recorded">{t(consent.reference ? "consent.recordedRef" : "consent.recorded", {
            date: consentDate(consent.recorded_at, locale, calendar.timeZone), who: consent.recorded_by,
            reference: consent.reference ?? "" })}</p>
          {offerWithdrawal && openButton(t("consent.withdraw"))}
        </>
        : unfinished
          ? <WithdrawalUnfinished person={person}
            onWithdrawn={(text) => { setWithdrawn(text); onRecorded(); onWithdrawn?.(); }}
            onFailed={() => { onRecorded(); onWithdrawn?.(); }} />
          : <>
            {person.consent_withdrawn_at && person.is_active
              ? <WithdrawnStatement person={person} />
              : <Notice kind="error"><span data-testid="consent-missing">{t("consent.missing")}</span></Notice>}
            {offerWithdrawal && openButton(t(person.consent_withdrawn_at ? "consent.withdraw.again"
              : "consent.withdraw.noConsent"))}
            <RecordConsent person={person} onRecorded={onRecorded} />
          </>}
      {withdrawing && <WithdrawDialog person={person}
        onClose={() => { setWithdrawing(false); withdrawButton.current?.focus(); }}
        onWithdrawn={afterWithdrawal}
        // 503: the first step stands (faces gone, consent cleared); the card now says it is unfinished.
        onUnfinished={() => afterWithdrawal(null)} />}
    </section>
  );
}

/** A withdrawal S3 stopped (503 erasure_incomplete): the faces are gone and the consent ended, some photos are not
 * deleted yet. Said plainly, with "Run the withdrawal again" (the daily cleanup also finishes it). */
function WithdrawalUnfinished({ person, onWithdrawn, onFailed }: { person: Employee;
  onWithdrawn: (message: string) => void; onFailed: () => void }) {
  const { api, calendar } = useConsole();
  const { t, locale } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const { once, busy } = useSendOnce();

  function rerun() {
    void once(async () => {
      setError(null);
      try {
        const result = await call(api.DELETE("/employees/{employee_id}/biometric-consent",
          { params: { path: { employee_id: person.id } } }));
        onWithdrawn(t("consent.withdraw.finished", { snapshots: result.snapshots_deleted, name: person.full_name }));
      } catch (cause) {
        setError(cause);
        onFailed();
      }
    });
  }

  return (
    <>
      <Notice kind="error"><span data-testid="withdrawal-unfinished">{t("consent.withdraw.unfinished", {
        date: consentDate(person.consent_withdrawn_at ?? "", locale, calendar.timeZone), name: person.full_name })}
      </span></Notice>
      <div><button type="button" className="danger" disabled={busy} onClick={rerun}
        data-testid="withdraw-again">{t("consent.withdraw.rerun")}</button></div>
      <ErrorNotice error={error} />
    </>
  );
}

/** "Face ID withdrawn on 3 Dec 2026: their time is entered by HR (Manual punches)", the link opening the Attendance
 * page on the person, where a missing punch is added. For an active person (a leaver's card says consent is missing). */
function WithdrawnStatement({ person }: { person: Employee }) {
  const { calendar } = useConsole();
  const { t, locale } = useI18n();
  return (
    <Notice><span data-testid="consent-withdrawn">{t("consent.withdrawn", {
      date: consentDate(person.consent_withdrawn_at ?? "", locale, calendar.timeZone), name: person.full_name })}
      {" "}<a href={recentDaysHref(person.id, calendar.today)} data-testid="manual-punches-link">
        {t("consent.withdrawn.manualPunches")}</a>{" "}<NoPayrollNumber person={person} /></span></Notice>
  );
}

/** Without Face ID a person punches at the kiosk with "No Face ID?" and their payroll number; without a number that
 * records nothing (the kiosk's answer is the same for every number), so HR is told here, before the close says it. */
function NoPayrollNumber({ person }: { person: Employee }) {
  const { t } = useI18n();
  if (person.employee_number) return null;
  return <strong data-testid="no-payroll-number">{t("consent.noPayrollNumber", { name: person.full_name })}</strong>;
}

/** The employee withdraws their biometric consent and stays employed: the dialog says what is deleted, and that they
 * stay active with their attendance (DELETE /employees/{id}/biometric-consent). */
function WithdrawDialog({ person, onClose, onWithdrawn, onUnfinished }: { person: Employee; onClose: () => void;
  onWithdrawn: (message: string) => void; onUnfinished: () => void }) {
  const { api, calendar } = useConsole();
  const { t, locale } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [notRecorded, setNotRecorded] = useState(false); // 503 with nothing changed: the ledger refused its record
  const { once, busy } = useSendOnce();
  const dialog = useRef<HTMLFormElement>(null);
  // No consent recorded (enrolled before consents were kept, or under FACEPASS_BIOMETRIC_CONSENT=off): said as
  // stopping Face ID, the same withdrawal; withdrawn already, with faces or held photos back: said as withdrawing
  // again (not as a person who never consented).
  const wording = person.biometric_consent ? "consent.withdraw"
    : person.consent_withdrawn_at ? "consent.withdraw.again" : "consent.withdraw.noConsent";
  const done = `${wording}.done` as const;

  /** After a 503: the person read again says whether the withdrawal stands half-way ("unfinished"), or nothing of
   * it happened ("unchanged": consent and withdrawal as this dialog was opened with); else, or when the read fails,
   * not known ("unknown"): the API's error is shown, never "nothing was changed". */
  async function stateNow(): Promise<"unfinished" | "unchanged" | "unknown"> {
    try {
      const now = adminView(await call(api.GET("/employees/{employee_id}", { params: { path: { employee_id: person.id } } })));
      if (now.withdrawal_unfinished) return "unfinished";
      const same = JSON.stringify(now.biometric_consent ?? null) === JSON.stringify(person.biometric_consent ?? null)
        && (now.consent_withdrawn_at ?? null) === (person.consent_withdrawn_at ?? null);
      return same ? "unchanged" : "unknown";
    } catch {
      return "unknown";
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void once(async () => {
      setError(null);
      setNotRecorded(false);
      try {
        const result = await call(api.DELETE("/employees/{employee_id}/biometric-consent",
          { params: { path: { employee_id: person.id } } }));
        onWithdrawn(t(done, {
          faces: result.embeddings_deleted, snapshots: result.snapshots_deleted, name: person.full_name }));
      } catch (cause) {
        // 503 erasure_incomplete: when S3 stopped it half-way, its first step stands and the card says it is
        // unfinished (and runs it again). The same code when the ledger could not record it: nothing changed, so
        // the error is said here. The person read again tells which.
        const state = cause instanceof ApiError && cause.code === "erasure_incomplete" ? await stateNow() : "unknown";
        if (state === "unfinished") onUnfinished();
        else if (state === "unchanged") setNotRecorded(true);
        else setError(cause);
      }
    });
  }

  return (
    <form role="dialog" aria-modal="true" aria-labelledby="withdraw-title" className="card stack"
      data-testid="withdraw-dialog" ref={dialog} onKeyDown={(event) => modalKeys(event, dialog.current, onClose)}
      onSubmit={submit}>
      <h3 id="withdraw-title">{t(`${wording}.title`, { name: person.full_name })}</h3>
      <p data-testid="withdraw-deletes">{t(`${wording}.deletes`, { name: person.full_name, date: person
        .consent_withdrawn_at ? consentDate(person.consent_withdrawn_at, locale, calendar.timeZone) : "" })}</p>
      <p data-testid="withdraw-stays">{t("consent.withdraw.stays", { name: person.full_name })}{" "}
        <NoPayrollNumber person={person} /></p>
      <div className="row">
        <button type="submit" className="danger" disabled={busy} autoFocus>{t(`${wording}.go`)}</button>
        <button type="button" className="secondary" onClick={onClose}>{t("common.cancel")}</button>
      </div>
      <ErrorNotice error={error} />
      {notRecorded && <Notice kind="error"><span data-testid="withdraw-not-recorded">{t("consent.withdraw.notRecorded",
        { name: person.full_name })}</span></Notice>}
    </form>
  );
}

function RecordConsent({ person, onRecorded }: { person: Employee; onRecorded: () => void }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const { once, busy } = useSendOnce();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // The box is required here: the form does not submit without it.
    const { reference } = consentFrom(new FormData(event.currentTarget)) ?? { reference: null };
    void once(async () => {
      setError(null);
      try {
        await call(api.POST("/employees/{employee_id}/biometric-consent", { params: { path: { employee_id: person.id } },
          body: { reference } }));
        onRecorded();
      } catch (cause) {
        setError(cause);
      }
    });
  }

  return (
    <form className="stack" onSubmit={submit} aria-label={t("consent.record")}>
      <ConsentFields required />
      <div><button type="submit" disabled={busy}>{t("consent.record")}</button></div>
      <ErrorNotice error={error} fields={{ reference: t("consent.reference") }} />
    </form>
  );
}

/** What ConsentFields hold: the consent to record (its reference, null when none given), or null when the box is not
 * ticked. */
export function consentFrom(form: FormData): { reference: string | null } | null {
  const reference = String(form.get("consent_reference") ?? "").trim();
  return form.get("biometric_consent") === "on" ? { reference: reference || null } : null;
}

/** The agreement's checkbox (`biometric_consent`, "on" when ticked) and the reference (`consent_reference`): in the
 * Record consent form (the box required) and in the create-employee form (optional there). With
 * FACEPASS_BIOMETRIC_CONSENT=required the reference is required with the consent (the API: 422
 * consent_reference_required): marked so, and the form does not submit a ticked box without a non-blank one. */
export function ConsentFields({ required = false }: { required?: boolean }) {
  const { t } = useI18n();
  const { consentRequired } = useConsole();
  const [agreed, setAgreed] = useState(false);
  return (
    <div className="row">
      <label><input type="checkbox" name="biometric_consent" required={required} data-testid="consent-agreed"
        checked={agreed} onChange={(event) => setAgreed(event.target.checked)} />
        {" "}{t("consent.agreed")}</label>
      <label>{t(consentRequired ? "consent.reference.required" : "consent.reference")}<input name="consent_reference"
        maxLength={200} placeholder={t("consent.reference.example")} data-testid="consent-reference"
        required={consentRequired && (required || agreed)} aria-required={consentRequired}
        pattern={consentRequired ? ".*\\S.*" : undefined} /></label>
    </div>
  );
}

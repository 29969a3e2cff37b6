import { useState, type FormEvent } from "react";
import { call, type Employee } from "../../api/client";
import { useI18n } from "../../i18n";
import { ErrorNotice, Notice } from "../../ui/components";
import { useConsole } from "../context";
import { useSendOnce } from "../sendOnce";

/** The date a consent was recorded on, in the report zone: "3 Dec 2026". */
function consentDate(iso: string, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone }).format(new Date(iso));
}

/** The person's biometric consent (BIPA's written release, GDPR Art. 9): when, by whom, the reference; or a warning
 * that no photo can be enrolled without it, and the form HR records it with (the agreement's checkbox required). */
export function BiometricConsentCard({ person, onRecorded }: { person: Employee; onRecorded: () => void }) {
  const { calendar } = useConsole();
  const { t, locale } = useI18n();
  const consent = person.biometric_consent ?? null;
  return (
    <section className="card stack" aria-labelledby="consent-title" data-testid="biometric-consent">
      <h3 id="consent-title">{t("consent.title")}</h3>
      {consent
        ? <p data-testid="consent-recorded">{t(consent.reference ? "consent.recordedRef" : "consent.recorded", {
          date: consentDate(consent.recorded_at, locale, calendar.timeZone), who: consent.recorded_by,
          reference: consent.reference ?? "" })}</p>
        : <>
          <Notice kind="error"><span data-testid="consent-missing">{t("consent.missing")}</span></Notice>
          <RecordConsent person={person} onRecorded={onRecorded} />
        </>}
    </section>
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

/** The agreement's checkbox (`biometric_consent`, "on" when ticked) and the optional reference (`consent_reference`):
 * in the Record consent form (the box required) and in the create-employee form (optional there). */
export function ConsentFields({ required = false }: { required?: boolean }) {
  const { t } = useI18n();
  return (
    <div className="row">
      <label><input type="checkbox" name="biometric_consent" required={required} data-testid="consent-agreed" />
        {" "}{t("consent.agreed")}</label>
      <label>{t("consent.reference")}<input name="consent_reference" maxLength={200} placeholder={t("consent.reference.example")}
        data-testid="consent-reference" /></label>
    </div>
  );
}

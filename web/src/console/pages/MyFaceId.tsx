import { useState } from "react";
import { call, type Schemas } from "../../api/client";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { ErrorNotice, Notice, formatTime } from "../../ui/components";
import { useAsync, useConsole } from "../context";
import { dayWords } from "../payPeriodLock";

type Mine = Schemas["MyBiometrics"];

/** "My Face ID" on My hours (GET /me/biometrics; README, Self-service): what FacePass keeps about the signed-in
 * person's own face (their consent, enrolled faces' dates, their check-in photos and until when, how long things are
 * kept) and how to withdraw consent: ask the privacy contact (the kiosk notice's; HR when none), who withdraws it
 * (there is no self-service withdrawal: HR recorded the signed release, HR records its withdrawal). Asked for on
 * request (a button, as the Timesheet's Changes): each answer is a line on the access log, so a line means the
 * person asked, not that they opened My hours. */
export function MyFaceIdPanel() {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  return (
    <section className="card stack" aria-labelledby="my-face-id-title" data-testid="my-face-id">
      <h3 id="my-face-id-title">{t("myFaceId.title")}</h3>
      <p className="hint">{t("myFaceId.intro")}</p>
      {shown ? <MyFaceIdAnswer />
        : <div className="row"><button type="button" className="secondary" onClick={() => setShown(true)}
          data-testid="my-face-id-show">{t("myFaceId.show")}</button></div>}
    </section>
  );
}

function MyFaceIdAnswer() {
  const { api } = useConsole();
  const mine = useAsync(() => call(api.GET("/me/biometrics")), [api]);
  return (
    <>
      <ErrorNotice error={mine.error} />
      {mine.data && <MyFaceIdView mine={mine.data} />}
    </>
  );
}

/** The sentence on consent: what is recorded, else what the enrolled faces are without it (none recorded where the
 * company asks none, FACEPASS_BIOMETRIC_CONSENT=off, or a face enrolled before consent was recorded). A withdrawal
 * (withdrawn_at: none recorded since) is said whatever the setting, as the enrollment gate holds it
 * (employees.lacks_consent); a face enrolled after it is said as such, not as one from before consent was recorded. */
function consentWords(mine: Mine, consentRequired: boolean): [MessageKey, Record<string, string>?] {
  const { consent } = mine;
  if (consent.recorded_at) return consent.reference ? ["myFaceId.consent.given", { reference: consent.reference }]
    : ["myFaceId.consent.givenNoReference"];
  const enrolled = mine.enrolled_faces > 0;
  if (consent.withdrawn_at) return [enrolled ? "myFaceId.consent.withdrawnEnrolled" : "myFaceId.consent.withdrawn"];
  if (!consentRequired) return [enrolled ? "myFaceId.consent.notAskedEnrolled" : "myFaceId.consent.notAsked"];
  return [enrolled ? "myFaceId.consent.noneEnrolled" : "myFaceId.consent.none"];
}

function MyFaceIdView({ mine }: { mine: Mine }) {
  const { calendar, consentRequired } = useConsole();
  const { t, locale } = useI18n();
  const when = (value: string | null | undefined) => formatTime(value, locale, calendar.timeZone);
  const { consent, notice } = mine;
  const [wording, values] = consentWords(mine, consentRequired);
  const time = when(consent.recorded_at ?? consent.withdrawn_at);
  const ownPhotos = mine.own_photos.reduce((sum, day) => sum + day.photos, 0);
  return (
    <div className="stack">
      <p data-testid="my-face-id-consent" data-wording={wording}>{t(wording, { time, ...values })}</p>
      {consent.withdrawal_unfinished && <Notice kind="warn">{t("myFaceId.consent.unfinished")}</Notice>}
      {mine.erased_at && <p>{t("myFaceId.erased", { time: when(mine.erased_at) })}</p>}
      <ul className="people" data-testid="my-face-id-counts">
        <li data-testid="my-face-id-faces" data-count={mine.enrolled_faces}>
          {t("myFaceId.faces", { count: mine.enrolled_faces })}
          {mine.faces.length > 0 && <> ({mine.faces.map((face) => t("myFaceId.enrolledAt", { time: when(face.enrolled_at) })).join("; ")})</>}
        </li>
        <li data-testid="my-face-id-photos" data-count={ownPhotos}>
          {t("myFaceId.ownPhotos", { count: ownPhotos })}
          {mine.own_photos.length > 0 && <> ({mine.own_photos.map((day) =>
            t("myFaceId.deletedBy", { count: day.photos, day: dayWords(day.deleted_by, locale) })).join("; ")})</>}
        </li>
        <li data-testid="my-face-id-other-photos" data-count={mine.other_photos}>{t("myFaceId.otherPhotos", { count: mine.other_photos })}</li>
        {mine.held_photos > 0 && <li>{t("myFaceId.heldPhotos", { count: mine.held_photos })}</li>}
        {mine.uploads_waiting > 0 && <li>{t("myFaceId.uploadsWaiting", { count: mine.uploads_waiting })}</li>}
      </ul>
      <p data-testid="my-face-id-retention">
        {t("kiosk.notice", { days: notice.snapshot_max_days, reviewDays: notice.review_max_days })}{" "}
        {t("kiosk.notice.template", { days: notice.face_template_days_after_leaving })}
      </p>
      <p data-testid="my-face-id-withdraw">
        {t("myFaceId.withdraw", { contact: notice.privacy_contact ?? t("myFaceId.hr") })}
      </p>
    </div>
  );
}

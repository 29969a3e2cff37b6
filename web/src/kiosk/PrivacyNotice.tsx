import { useI18n } from "../i18n";
import type { KioskNotice } from "./deviceStore";

/** The notice beside the camera: why a face is looked at, how long its photo is kept, how long the enrolled face is
 * kept after leaving, whom to ask. Always shown, so nobody is photographed without being told; the retention is the
 * server's (null: not yet known, said without days; a notice a tablet kept from an older server: without the face's). */
export function PrivacyNotice({ notice }: { notice: KioskNotice | null }) {
  const { t } = useI18n();
  return (
    <p className="kiosk-notice" data-testid="privacy-notice">
      {notice
        ? t("kiosk.notice", { days: notice.snapshot_max_days, reviewDays: notice.review_max_days })
        : t("kiosk.notice.unknown")}{" "}
      {notice?.face_template_days_after_leaving != null
        ? t("kiosk.notice.template", { days: notice.face_template_days_after_leaving })
        : t("kiosk.notice.template.unknown")}{" "}
      {notice?.privacy_contact ? t("kiosk.notice.contact", { contact: notice.privacy_contact }) : t("kiosk.notice.askHr")}
    </p>
  );
}

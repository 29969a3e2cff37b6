import type { Translate } from "../i18n";
import type { FieldLabels } from "../ui/components";

// The console's forms: each field's label by the API's name for it, so a refused value is named as the form shows it.

/** Adding and editing an employee. */
export function employeeFields(t: Translate): FieldLabels {
  return { full_name: t("employees.name"), email: t("employees.email"), department: t("employees.department"),
    timezone: t("employees.timezone"), employee_number: t("employees.number"), schedule_id: t("employees.schedule") };
}

/** Adding a kiosk. */
export function deviceFields(t: Translate): FieldLabels {
  return { name: t("devices.name"), site: t("devices.site"), timezone: t("devices.timezone") };
}

/** Adding a missing punch (the date and time typed become `occurred_at`). */
export function punchFields(t: Translate): FieldLabels {
  return { employee_id: t("attendance.employee"), event_type: t("attendance.type"),
    occurred_at: `${t("daily.date")}, ${t("attendance.add.time")}`, note: t("attendance.add.reason"),
    started_at: `${t("daily.date")}, ${t("attendance.add.in")}`, ended_at: t("attendance.add.out") };
}

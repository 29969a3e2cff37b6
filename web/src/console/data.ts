// Reads the console needs in more than one page.
import { call, pagesChanged, type Api, type Employee, type Person, type Schemas } from "../api/client";
import type { Translate } from "../i18n";

export type AttendancePageData = Schemas["AttendancePage"];

/** Every employee (all pages), for name look-ups and today's overview. */
export async function allEmployees(api: Api, active?: boolean): Promise<Person[]> {
  const people: Person[] = [];
  let cursor: string | null | undefined = undefined;
  do {
    const page: Schemas["EmployeePage"] | Schemas["EmployeeSummaryPage"] = await call(api.GET("/employees", {
      params: { query: { limit: 200, ...(cursor ? { cursor } : {}), ...(active === undefined ? {} : { active }) } },
    }));
    people.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return people;
}

/** Every paid absence of the days `from`..`to` (all pages, 1000 a page; README, Absences). A later page answered
 * absences_changed (someone renamed meanwhile) starts again from the first page, once; a second time it is the error. */
export async function allAbsences(api: Api, from: string, to: string,
  pageSize = 1000): Promise<Schemas["Absence"][]> {
  const walk = async () => {
    const items: Schemas["Absence"][] = [];
    let cursor: string | null = null;
    do {
      const page: Schemas["AbsencePage"] = await call(api.GET("/attendance/absences", {
        params: { query: { date_from: from, date_to: to, limit: pageSize, ...(cursor ? { cursor } : {}) } },
      }));
      items.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor);
    return items;
  };
  try {
    return await walk();
  } catch (error) {
    if (!pagesChanged(error)) throw error;
    return walk();
  }
}

/** The record as an admin reads it (GET /employees, /employees/{id}): the pages only admins open (Employees, an
 * employee's page) get it whole; a reduced view there is a role this page is not for. */
export function adminView<T extends Person>(person: T): Extract<T, Employee> {
  if (!("email" in person)) throw new Error("This page needs the admin role.");
  return person as Extract<T, Employee>;
}

/** The person withdrew their biometric consent and stays employed (their Face ID withdrawn), in either view. */
export function faceIdWithdrawn(person: Person): boolean {
  return "face_id_withdrawn" in person ? person.face_id_withdrawn : !!person.consent_withdrawn_at;
}

/** The person's biometric data was erased as they left, in either view. */
export function isErased(person: Person): boolean {
  return "erased" in person ? person.erased : !!person.erased_at;
}

/** JSON routes that can also answer CSV are typed as a union: keep the JSON side. */
export function json<T extends object>(value: T | string): T {
  if (typeof value === "string") throw new Error("expected JSON, got text");
  return value;
}

/** Each device as a list names it: with its site and "(revoked)", so same-named kiosks can be told apart; two that
 * still read the same get the start of their id. */
export function deviceLabels(t: Translate, devices: Schemas["Device"][]): Map<string, string> {
  const labels = new Map(devices.map((device) => {
    const name = device.site ? `${device.name} · ${device.site}` : device.name;
    return [device.id, device.status === "revoked" ? t("devices.option.revoked", { name }) : name];
  }));
  const seen = new Map<string, number>();
  for (const label of labels.values()) seen.set(label, (seen.get(label) ?? 0) + 1);
  for (const [id, label] of labels) if ((seen.get(label) ?? 0) > 1) labels.set(id, `${label} · ${id.slice(0, 8)}`);
  return labels;
}

/** A person as the review lists name them, from everyone (active or not): "(inactive)" after a deactivated one,
 * "erased person" for an id no employee has any more; never a bare id. */
export function personLabel(t: Translate, people: Map<string, Person>, id: string): string {
  const person = people.get(id);
  return person ? personName(t, person) : t("review.person.gone");
}

/** A person's name as HR reads it: a deactivated (or erased) one marked, never passed off as current staff. */
export function personName(t: Translate, person: Person): string {
  return person.is_active ? person.full_name : t("review.person.inactive", { name: person.full_name });
}

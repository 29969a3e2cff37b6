import { useEffect, useMemo, useState, type FormEvent } from "react";
import { call, type Schemas } from "../../api/client";
import { adminView } from "../data";

type Employee = Schemas["EmployeeListItem"];
import { useI18n } from "../../i18n";
import { ErrorNotice, Notice, TableScroll } from "../../ui/components";
import { useAsync, useConsole, usePaged } from "../context";
import { employeeFields } from "../fieldLabels";
import { TimeZoneList } from "../timeZones";
import { ConsentFields, consentFrom } from "./BiometricConsent";
import { employeesLinkFilters, scheduleHoldersHref, type ActiveFilter } from "../schedules";

/** `linked`: the filters of the page's address ("schedule_id=…&status=all", a schedule's people on the Schedules
 * page): the page starts with them. */
export function EmployeesPage({ linked = "" }: { linked?: string }) {
  const { api, calendar } = useConsole();
  const { t } = useI18n();
  const fromLink = useMemo(() => employeesLinkFilters(linked), [linked]);
  const [department, setDepartment] = useState("");
  const [active, setActive] = useState<ActiveFilter>(fromLink.status ?? "active");
  // The people who have one work schedule (its People count's link); cleared by a new address without it.
  const scheduleId = fromLink.schedule_id ?? null;
  const schedules = useAsync(() => (scheduleId === null ? Promise.resolve(null) : call(api.GET("/schedules"))),
    [api, scheduleId]);
  const scheduleName = schedules.data?.items.find((item) => item.id === scheduleId)?.name;
  const [search, setSearch] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  // The departments people have, offered as the filter's choices (it finds part of one, in any case).
  const departments = useAsync(() => call(api.GET("/employees/departments")).then((list) => list.items), [api]);

  const [query, setQuery] = useState({ search: "", department: "" });
  useEffect(() => { // search as the user types, once they pause (both text fields)
    const timer = window.setTimeout(() => setQuery({ search: search.trim(), department: department.trim() }), 250);
    return () => window.clearTimeout(timer);
  }, [search, department]);
  const filters = useMemo(() => ({
    ...(query.department ? { department: query.department } : {}),
    ...(active === "all" ? {} : { active: active === "active" }),
    ...(query.search ? { q: query.search } : {}),
    ...(scheduleId !== null ? { schedule_id: scheduleId } : {}),
  }), [query, active, scheduleId]);

  // usePaged drops a late answer for earlier filters ("C" arriving after "Cast").
  const list = usePaged<Employee>((cursor) => call(api.GET("/employees", {
    params: { query: { limit: 100, ...filters, ...(cursor ? { cursor } : {}) } },
  })).then((page) => ({ ...page, items: (page.items as (Employee | Schemas["EmployeeSummary"])[]).map(adminView) })),
    [api, filters]);
  const shown = list.items;

  return (
    <section className="stack" aria-labelledby="employees-title">
      <h2 id="employees-title">{t("employees.title")}</h2>
      <CreateEmployee onCreated={(person) => { setMessage(t("employees.created")); window.location.hash = `#/employees/${person.id}`; }} />
      {message && <Notice kind="ok">{message}</Notice>}
      <div className="row" role="search">
        <label>{t("common.search")}<input type="search" value={search} placeholder={t("employees.search")} onChange={(e) => setSearch(e.target.value)} /></label>
        <label>{t("employees.department")}<input type="search" value={department} list="departments"
          onChange={(e) => setDepartment(e.target.value)} data-testid="department-filter" /></label>
        <datalist id="departments" data-testid="departments">
          {(departments.data ?? []).map((name) => <option key={name} value={name} />)}
        </datalist>
        <label>{t("employees.status")}
          <select value={active} onChange={(e) => setActive(e.target.value as ActiveFilter)}>
            <option value="active">{t("employees.active")}</option>
            <option value="inactive">{t("employees.inactive")}</option>
            <option value="all">{t("employees.all")}</option>
          </select>
        </label>
      </div>
      {scheduleId !== null && (
        <p className="row" data-testid="schedule-filter">
          <span>{t("employees.scheduleFilter", { name: scheduleName
            ?? (schedules.loading ? "…" : t("employees.scheduleFilter.unknown", { id: scheduleId })) })}</span>
          {/* Keeps the status chosen; drops the schedule from the address (the page starts again without it). */}
          <a href={scheduleHoldersHref(null, active)} data-testid="schedule-filter-clear">
            {t("employees.scheduleFilter.clear")}</a>
        </p>
      )}
      <ErrorNotice error={list.error} />
      <TableScroll label={t("nav.employees")}>
      <table>
        <thead><tr><th>{t("employees.name")}</th><th>{t("employees.number")}</th><th>{t("employees.email")}</th><th>{t("employees.department")}</th><th>{t("employees.schedule")}</th><th>{t("employees.status")}</th><th>{t("enroll.title")}</th></tr></thead>
        <tbody>
          {shown.map((person) => (
            <tr key={person.id}>
              <td className="text"><a href={`#/employees/${person.id}`}>{person.full_name}</a>
                {/* Their report days are in their own zone: said when it is not the report zone. */}
                {person.timezone && person.timezone !== calendar.timeZone
                  ? <small data-testid="employee-zone"> · {t("employees.ownZone", { zone: person.timezone })}</small> : null}</td>
              <td className="text" data-testid="employee-number">{person.employee_number ?? "—"}</td>
              <td className="text">{person.email}</td>
              <td className="text">{person.department ?? "—"}</td>
              <td className="text" data-testid="employee-schedule-name">{person.schedule_name ?? "—"}</td>
              <td>{person.is_active ? t("employee.status.active") : t("employee.status.inactive")}</td>
              <td>
                <span className={`badge ${person.enrollment.complete ? "ok" : "warn"}`}>
                  {t("enroll.progress", { photos: person.enrollment.photos, min: person.enrollment.recommended_min })}
                </span>
                {!person.biometric_consent && (person.consent_withdrawn_at && person.is_active
                  ? <>{" "}<span className="badge bad" data-testid="consent-withdrawn-badge"
                    title={t("consent.withdrawn.badgeTitle")}>{t("consent.withdrawn.badge")}</span></>
                  : <>{" "}<span className="badge bad" data-testid="no-consent"
                    title={t("consent.missing")}>{t("consent.badge")}</span></>)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableScroll>
      {!list.loading && !list.error && shown.length === 0 && <p>{t("employees.empty")}</p>}
      {list.hasMore && <button type="button" className="secondary" disabled={list.loading} onClick={list.more}>{t("common.more")}</button>}
    </section>
  );
}

function CreateEmployee({ onCreated }: { onCreated: (person: Schemas["Employee"]) => void }) {
  const { api, calendar } = useConsole();
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const department = String(form.get("department") ?? "").trim();
      const zone = String(form.get("timezone") ?? "").trim();
      const number = String(form.get("employee_number") ?? "").trim();
      // Ticked: the employee received the biometric notice and agreed in writing; recorded with the person.
      const given = consentFrom(form);
      const consent = given ? { biometric_consent: given } : {};
      const person = await call(api.POST("/employees", { body: {
        full_name: String(form.get("full_name")).trim(), email: String(form.get("email")).trim(),
        ...(department ? { department } : {}), ...(zone ? { timezone: zone } : {}),
        ...(number ? { employee_number: number } : {}), ...consent,
      } }));
      onCreated(person);
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="add-title">
      <h3 id="add-title">{t("employees.add")}</h3>
      <div className="row">
        <label>{t("employees.name")}<input name="full_name" required maxLength={200} /></label>
        <label>{t("employees.email")}<input name="email" type="email" required /></label>
        <label>{t("employees.number")}<input name="employee_number" maxLength={50} title={t("employees.number.hint")}
          data-testid="new-employee-number" /></label>
        <label>{t("employees.department")}<input name="department" list="departments" /></label>
        <label>{t("employees.timezone")}<input name="timezone" list="time-zones" placeholder={calendar.timeZone}
          title={t("employees.timezone.default", { zone: calendar.timeZone })} /></label>
        <TimeZoneList />
      </div>
      <ConsentFields />
      <div><button type="submit" disabled={busy}>{t("employees.add")}</button></div>
      <ErrorNotice error={error} fields={{ ...employeeFields(t), reference: t("consent.reference") }} />
    </form>
  );
}

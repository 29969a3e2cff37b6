import { useEffect, useMemo, useRef, useState } from "react";
import type { User } from "oidc-client-ts";
import { call, makeApi } from "../api/client";
import type { AppConfig } from "../config";
import type { MessageKey } from "../i18n/en";
import { useI18n } from "../i18n";
import { ErrorNotice, LanguageSwitch, Notice } from "../ui/components";
import { completeSignIn, displayName, makeUserManager, signOut } from "./auth";
import { type Can, ConsoleContext, type Self, canFrom, useAsync, useHashRoute } from "./context";
import { AccessPage } from "./pages/Access";
import { AttendancePage } from "./pages/Attendance";
import { DailyPage } from "./pages/Daily";
import { DevicesPage } from "./pages/Devices";
import { EmployeePage } from "./pages/Employee";
import { EmployeesPage } from "./pages/Employees";
import { MyHoursPage } from "./pages/MyHours";
import { OverviewPage } from "./pages/Overview";
import { ReviewPage } from "./pages/Review";
import { SchedulesPage } from "./pages/Schedules";
import { TimesheetPage } from "./pages/Timesheet";

/** The pages, each shown to the roles whose routes it needs (README, Roles): a reviewer has no Employees, Devices or Access,
 * payroll no Today (its review count) or Review; an employee only My hours (where they land), which the others see
 * too when an employee record is theirs. */
const SECTIONS: { path: string; label: MessageKey; allowed: (can: Can, self: Self) => boolean }[] = [
  { path: "", label: "nav.overview", allowed: (can) => can.review },
  { path: "employees", label: "nav.employees", allowed: (can) => can.admin },
  { path: "attendance", label: "nav.attendance", allowed: (can) => can.hr },
  { path: "daily", label: "nav.daily", allowed: (can) => can.hr },
  { path: "timesheet", label: "nav.timesheet", allowed: (can) => can.hr },
  { path: "review", label: "nav.review", allowed: (can) => can.review },
  // Work schedules: read by whoever reads the reports, edited by admins only.
  { path: "schedules", label: "nav.schedules", allowed: (can) => can.hr },
  { path: "devices", label: "nav.devices", allowed: (can) => can.admin },
  { path: "access", label: "nav.access", allowed: (can) => can.admin },
  { path: "my-hours", label: "nav.myHours", allowed: (can, self) => Boolean(self.employeeId) || can.roles.includes("employee") },
];

export function ConsoleApp({ config }: { config: AppConfig }) {
  const { t } = useI18n();
  const manager = useMemo(() => makeUserManager(config.auth), [config.auth]);
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return; // the authorization code is single use: exchange it once
    started.current = true;
    completeSignIn(manager).then(setUser, (cause: unknown) => {
      setError(cause instanceof Error ? cause.message : String(cause));
      setUser(null);
    });
  }, [manager]);

  if (user === undefined) return <main className="signin"><p>{t("auth.signing")}</p></main>;
  if (!user) {
    return (
      <main className="signin card stack">
        <div className="row"><h1>{t("app.console")}</h1><LanguageSwitch /></div>
        <h2>{t("auth.title")}</h2>
        <p>{t("auth.help")}</p>
        {error && <Notice kind="error">{t("auth.failed", { message: error })}</Notice>}
        <button type="button" onClick={() => void manager.signinRedirect()} data-testid="signin">{t("auth.signin")}</button>
      </main>
    );
  }
  const expired = () => { // the API refused the token: sign in again, saying why
    void manager.removeUser();
    setError(t("auth.expired"));
    setUser(null);
  };
  return <SignedIn config={config} user={user} onSignOut={() => void signOut(manager, config.auth)} onExpired={expired} />;
}

function SignedIn({ config, user, onSignOut, onExpired }: { config: AppConfig; user: User; onSignOut: () => void;
  onExpired: () => void }) {
  const { t } = useI18n();
  const { path, query: hashQuery } = useHashRoute();
  const token = useRef(user.access_token);
  token.current = user.access_token;
  const expired = useRef(onExpired);
  expired.current = onExpired;
  const base = useMemo(() => {
    const source = () => token.current;
    const onExpired = () => expired.current();
    return { api: makeApi(config.apiUrl, source, onExpired), config, token: source, expired: onExpired };
  }, [config]);
  const calendar = useAsync(() => call(base.api.GET("/attendance/calendar")), [base]);
  // Who this is and what their roles allow: the nav and the pages show only that.
  const me = useAsync(() => call(base.api.GET("/me")), [base]);
  const value = useMemo(() => calendar.data && me.data
    ? { ...base, calendar: { timeZone: calendar.data.timezone, today: calendar.data.today }, can: canFrom(me.data.scopes),
      self: { employeeId: me.data.employee_id ?? null, allowSelfReview: me.data.allow_self_review,
        departments: me.data.departments ?? null },
      consentRequired: me.data.biometric_consent !== "off" }
    : null, [base, calendar.data, me.data]);
  const sections = value ? SECTIONS.filter((item) => item.allowed(value.can, value.self)) : [];
  const home = sections[0]?.path;
  const section = path[0] ?? home ?? "";
  const allowed = sections.some((item) => item.path === section);
  const main = useRef<HTMLElement>(null);

  if (!value) {
    const failed = me.error ?? calendar.error;
    return (
      <main className="signin stack">
        {failed ? <ErrorNotice error={failed} /> : <p>{t("common.loading")}</p>}
        {failed ? <button type="button" className="secondary" onClick={onSignOut}>{t("auth.signout")}</button> : null}
      </main>
    );
  }
  return (
    <ConsoleContext.Provider value={value}>
      {/* The first stop of the keyboard: past the header and the menu. The pages' addresses are hash routes, so the
          link moves the focus itself instead of changing the hash. */}
      <a className="skip-link" href="#console-main" data-testid="skip-link"
        onClick={(event) => { event.preventDefault(); main.current?.focus(); }}>{t("nav.skip")}</a>
      <header className="console-bar">
        <h1>{t("app.console")}</h1>
        <span data-testid="user">{t("auth.user", { name: displayName(user) })}</span>
        <span data-testid="roles">{value.can.roles.map((role) => t(`role.${role}` as MessageKey)).join(", ")}</span>
        {/* A reviewer scoped to departments (README Roles): whose punches they see and decide. */}
        {value.self.departments && (
          <span data-testid="scope">{t("access.youReview", { departments: value.self.departments.join(", ") })}</span>
        )}
        <span data-testid="time-zone">{t("time.zone", { zone: value.calendar.timeZone })}</span>
        <LanguageSwitch />
        <button type="button" className="secondary" onClick={onSignOut}>{t("auth.signout")}</button>
      </header>
      <nav className="console-nav" aria-label={t("nav.label")}>
        {sections.map((item) => (
          <a key={item.path} href={`#/${item.path}`} aria-current={section === item.path ? "page" : undefined}>{t(item.label)}</a>
        ))}
      </nav>
      <main className="console-main" id="console-main" ref={main} tabIndex={-1}>
        {/* A page the roles do not allow (a link, a typed address): said, not half-shown. */}
        {!allowed && <Notice kind="error"><span data-testid="forbidden">{t("error.forbidden")}</span></Notice>}
        {allowed && <Section section={section} path={path} hashQuery={hashQuery} />}
      </main>
    </ConsoleContext.Provider>
  );
}

/** The page of a section the roles allow. */
function Section({ section, path, hashQuery }: { section: string; path: string[]; hashQuery: string }) {
  return (
    <>
      {section === "" && <OverviewPage />}
      {section === "employees" && (path[1] ? <EmployeePage key={path[1]} id={path[1]} />
        : <EmployeesPage key={hashQuery} linked={hashQuery} />)}
      {/* A link to other filters (a timesheet row's) starts the page afresh with them. */}
      {section === "attendance" && <AttendancePage key={hashQuery} linked={hashQuery} />}
      {section === "daily" && <DailyPage />}
      {section === "timesheet" && <TimesheetPage />}
      {section === "review" && <ReviewPage key={hashQuery} linked={hashQuery} />}
      {section === "schedules" && <SchedulesPage />}
      {section === "devices" && <DevicesPage />}
      {section === "access" && <AccessPage />}
      {section === "my-hours" && <MyHoursPage />}
    </>
  );
}

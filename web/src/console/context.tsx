import { createContext, useCallback, useContext, useEffect, useRef, useState } from "react";
import { pagesChanged, type Api, type TokenSource } from "../api/client";
import type { AppConfig } from "../config";

/** The calendar of the attendance routes (GET /attendance/calendar): every date is a day in timeZone, and every
 * time the console shows is in it, whatever the browser's zone. */
export interface Calendar {
  timeZone: string;
  today: string;
}

/** A console role: an OAuth scope facepass/<role> the token carries (GET /me; README, Roles). */
export type Role = "admin" | "reviewer" | "payroll" | "employee";

/** What the signed-in user's roles allow: the console shows only the pages and actions these say (the API refuses
 * the rest with 403 forbidden all the same). */
export interface Can {
  roles: Role[];
  /** Other people's time: attendance, the daily report, the timesheet (admin, reviewer, payroll; not employee, who
   * reads only their own: My hours). */
  hr: boolean;
  /** Everything: employees, enrollment, faces, consent, erasure, devices. */
  admin: boolean;
  /** The review queue and decisions, snapshots, audit trails, manual punches (admin, reviewer). */
  review: boolean;
  /** Close and reopen pay periods (admin, payroll). */
  closePeriods: boolean;
}

export function canFrom(scopes: readonly string[]): Can {
  const roles = (["admin", "reviewer", "payroll", "employee"] as const).filter((role) => scopes.includes(`facepass/${role}`));
  const has = (role: Role) => roles.includes(role);
  return { roles, hr: has("admin") || has("reviewer") || has("payroll"), admin: has("admin"),
    review: has("admin") || has("reviewer"),
    closePeriods: has("admin") || has("payroll") };
}

/** The caller as an employee (GET /me; README Roles, "Separation of duties"): their own record's punches are for
 * another reviewer to decide, type or correct (the API refuses them: 403 own_record), unless the deployment allows
 * self-review (FACEPASS_ALLOW_SELF_REVIEW), when the audit trail says so. */
export interface Self {
  /** The caller's own employee record (the one whose email is theirs), null when none. */
  employeeId: string | null;
  allowSelfReview: boolean;
  /** The departments the caller reviews (GET /me; README Roles, "Reviewers scoped to departments"): they see and decide
   * only those people's punches. Null: everyone. */
  departments: string[] | null;
}

export interface Console {
  api: Api;
  config: AppConfig;
  token: TokenSource;
  /** The API refused the credential (401): sign in again. */
  expired: () => void;
  calendar: Calendar;
  can: Can;
  self: Self;
  /** FACEPASS_BIOMETRIC_CONSENT=required (GET /me): a consent is recorded only with its reference. */
  consentRequired: boolean;
}

export const ConsoleContext = createContext<Console | null>(null);

export function useConsole(): Console {
  const value = useContext(ConsoleContext);
  if (!value) throw new Error("useConsole outside the console");
  return value;
}

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when its dependencies change; `reload()` runs it again. Late answers are dropped. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): Async<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  useEffect(() => {
    const mine = ++latest.current;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (data) => { if (latest.current === mine) setState({ data, loading: false }); },
      (error: unknown) => { if (latest.current === mine) setState({ error, loading: false }); },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

export interface Paged<T> {
  items: T[];
  error: unknown;
  loading: boolean;
  /** The next page is there to load. */
  hasMore: boolean;
  more: () => void;
  reload: () => void;
  /** Change the rows loaded so far in place (a row corrected or deleted here), keeping the pages read and the next. */
  update: (change: (items: T[]) => T[]) => void;
}

/** A cursor-paged list: the first page when `deps` change, then `more()` appends the next. An answer for older
 * filters (a late first page, or a "more" sent before they changed) is dropped; a failed "more" is reported, but
 * one whose pages no longer go with those shown (PAGES_CHANGED: a person renamed or added meanwhile) starts the list
 * again from the first page: the same cursor could never succeed. */
export function usePaged<T>(load: (cursor: string | null) => Promise<{ items: T[]; next_cursor?: string | null }>,
  deps: readonly unknown[]): Paged<T> {
  const [state, setState] = useState<{ items: T[]; next: string | null; error?: unknown; loading: boolean }>(
    { items: [], next: null, loading: true });
  const [round, setRound] = useState(0);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const mine = ++generation.current;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    loadRef.current(null).then(
      (page) => { if (generation.current === mine) setState({ items: page.items, next: page.next_cursor ?? null, loading: false }); },
      (error: unknown) => { if (generation.current === mine) setState({ items: [], next: null, error, loading: false }); },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, round]);
  const latest = useRef(state);
  latest.current = state;
  const more = useCallback(() => {
    const mine = generation.current;
    const { next, loading } = latest.current;
    if (!next || loading) return;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    loadRef.current(next).then(
      (page) => {
        if (generation.current === mine) {
          setState((now) => ({ items: [...now.items, ...page.items], next: page.next_cursor ?? null, loading: false }));
        }
      },
      (error: unknown) => {
        if (generation.current !== mine) return;
        if (pagesChanged(error)) setRound((value) => value + 1);
        else setState((now) => ({ ...now, error, loading: false }));
      },
    );
  }, []);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  const update = useCallback((change: (items: T[]) => T[]) => setState((now) => ({ ...now, items: change(now.items) })), []);
  return { items: state.items, error: state.error, loading: state.loading, hasMore: Boolean(state.next), more, reload,
    update };
}

/** The hash route: its path ["employees", "…"] and its query ("employee_id=…&date_from=…" of
 * "#/attendance?employee_id=…"), kept current. */
export function useHashRoute(): { path: string[]; query: string } {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const changed = () => setHash(window.location.hash);
    window.addEventListener("hashchange", changed);
    return () => window.removeEventListener("hashchange", changed);
  }, []);
  const [path, query] = hash.replace(/^#\/?/, "").split("?");
  return { path: path!.split("/").filter(Boolean), query: query ?? "" };
}

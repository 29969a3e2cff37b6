import { useMemo, useState, type FormEvent } from "react";
import { ApiError, call, type Api, type Person, type Schemas } from "../api/client";
import { useI18n, type Translate } from "../i18n";
import type { MessageKey } from "../i18n/en";
import { ErrorNotice, Notice, TableScroll, formatMinutes } from "../ui/components";
import { useAsync, useConsole, usePaged } from "./context";
import { personName } from "./data";
import { useSendOnce } from "./sendOnce";
import { useLeftOut, useOthers } from "./ownPunch";

export type Absence = Schemas["Absence"];
export type AbsenceKind = Absence["kind"];
export const ABSENCE_KINDS: readonly AbsenceKind[] = ["vacation", "sick", "holiday", "other"];

/** A kind's words ("Vacation") and its one-letter sign in the Timesheet ("V"). */
const KIND_WORDS: Record<AbsenceKind, MessageKey> = { vacation: "absence.kind.vacation", sick: "absence.kind.sick",
  holiday: "absence.kind.holiday", other: "absence.kind.other" };
const KIND_SIGN: Record<AbsenceKind, MessageKey> = { vacation: "absence.sign.vacation", sick: "absence.sign.sick",
  holiday: "absence.sign.holiday", other: "absence.sign.other" };

export function kindWords(t: Translate, kind: AbsenceKind): string {
  return t(KIND_WORDS[kind]);
}

/** A Timesheet day's paid absence: "V 8:00" (the kinds' signs, the minutes), said in words to screen readers and in
 * its tooltip ("Absence: Vacation, 8:00 (not worked time)"). Nothing for a day without one. */
export function AbsenceMark({ minutes, kinds }: { minutes: number; kinds: readonly AbsenceKind[] }) {
  const { t } = useI18n();
  if (!minutes || kinds.length === 0) return null;
  const text = t("absence.mark", { kinds: kinds.map((kind) => kindWords(t, kind)).join(", "),
    duration: formatMinutes(minutes) });
  return <>{" "}<span className="badge absence" role="img" aria-label={text} title={text} data-testid="absence-mark">
    {kinds.map((kind) => t(KIND_SIGN[kind])).join("")} {formatMinutes(minutes)}</span></>;
}

/** The Timesheet legend's entry for the absence mark. */
export function AbsenceLegend() {
  const { t } = useI18n();
  return <span><span className="badge absence" aria-hidden="true">
    {ABSENCE_KINDS.map((kind) => t(KIND_SIGN[kind])).join("/")}</span> {t("absence.legend")}</span>;
}

export type AbsenceSkipped = Schemas["AbsenceSkipped"];
export type AbsenceBulkResult = Schemas["AbsenceBulkResult"];
type Who = "one" | "department" | "everyone";

const SKIP_REASONS: Record<Schemas["AbsenceBulkSkipped"]["reason"], MessageKey> = {
  covered: "absence.bulk.reason.covered", not_employed: "absence.bulk.reason.not_employed",
  own_record: "absence.bulk.reason.own_record" };
// How many skipped people a bulk add's answer names (the rest counted): a company's holiday may skip hundreds.
const SKIPPED_NAMED = 10;

/** A bulk add's answer in words: "Recorded for 37 people (37 absences); 3 skipped: Bob (already has an absence:
 * 2026-12-25); ..." */
export function bulkText(t: Translate, result: AbsenceBulkResult): string {
  const added = t("absence.bulk.added", { people: result.people, created: result.created });
  const skipped = result.skipped ?? [];
  if (skipped.length === 0) return added;
  const people = new Set(skipped.map((item) => item.employee_id)).size;
  const shown = skipped.slice(0, SKIPPED_NAMED);
  const named = shown.map((item) => t("absence.bulk.skippedPerson", {
    name: item.full_name, reason: t(SKIP_REASONS[item.reason]), days: item.days.join(", ") })).join("; ");
  // People, not entries (one person may be skipped for two reasons): those of the skipped not named above.
  const shownIds = new Set(shown.map((item) => item.employee_id));
  const others = new Set(skipped.filter((item) => !shownIds.has(item.employee_id)).map((item) => item.employee_id)).size;
  const more = others > 0 ? t("absence.bulk.more", { count: others }) : "";
  return `${added}; ${t("absence.bulk.skipped", { count: people, list: named })}${more}`;
}

export type AbsenceBatchDeleted = Schemas["AbsenceBatchDeleted"];

/** Undo a bulk add: every absence of it still there deleted (each kept in its person's History), all or nothing. */
function deleteBatch(api: Api, batchId: string): Promise<AbsenceBatchDeleted> {
  return call(api.DELETE("/attendance/absences/batches/{batch_id}", { params: { path: { batch_id: batchId } } }));
}

/** What an undone bulk add removed: "Removed 37 absences (37 people); ...". */
export function undoneText(t: Translate, result: AbsenceBatchDeleted): string {
  return t("absence.bulk.undone", { deleted: result.deleted, people: result.people });
}

/** A bulk add's answer in words, with Undo (the add recorded on the wrong day, or with the wrong kind or hours):
 * deletes that batch, then `onUndone` with what it removed. */
export function BulkAdded({ result, onUndone }: { result: AbsenceBulkResult;
  onUndone: (removed: AbsenceBatchDeleted) => void }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const { once, busy } = useSendOnce();
  function undo() {
    void once(async () => {
      setError(null);
      try {
        onUndone(await deleteBatch(api, result.batch_id));
      } catch (cause) {
        setError(cause);
      }
    });
  }
  return <>
    <Notice kind="ok"><span data-testid="absence-bulk-added">{bulkText(t, result)}</span>{" "}
      <button type="button" className="secondary" disabled={busy} data-testid="absence-bulk-undo"
        aria-label={t("absence.bulk.undo.label", { count: result.created })} onClick={undo}>
        {t("absence.bulk.undo")}</button></Notice>
    <ErrorNotice error={error} />
  </>;
}

/** The days of a refused range, every one of which already has an absence (409 absence_exists, `details.days`). */
function takenDays(error: unknown): string[] {
  if (!(error instanceof ApiError) || error.code !== "absence_exists") return [];
  const days = (error.details as { days?: unknown } | undefined)?.days;
  return Array.isArray(days) ? days.map(String) : [];
}

/** The day an absence was refused for (409 period_closed, employee_inactive, absence_day_full: `details.day`). */
function refusedDay(error: unknown): string | null {
  if (!(error instanceof ApiError) || !["period_closed", "employee_inactive", "absence_day_full"].includes(error.code)) {
    return null;
  }
  const day = (error.details as { day?: unknown } | undefined)?.day;
  return typeof day === "string" ? day : null;
}

/** The form's error: a range over 92 days in the form's own words (not a timesheet's), a bulk add's "everyone has
 * one already" in its own (not one person's), else as any error. */
function AbsenceError({ error, bulk }: { error: unknown; bulk: boolean }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.code === "date_range_too_long") {
    return <Notice kind="error">{t("absence.error.date_range_too_long")}</Notice>;
  }
  if (bulk && error instanceof ApiError && error.code === "absence_exists") {
    return <Notice kind="error"><span data-testid="absence-bulk-taken">{t("absence.bulk.taken")}</span></Notice>;
  }
  return <ErrorNotice error={error} />;
}

/** The days a range skipped, each with the kinds already recorded there: "2026-12-16 (Sick leave)". */
export function skippedText(t: Translate, skipped: readonly AbsenceSkipped[]): string {
  return skipped.map((item) => `${item.day} (${item.kinds.map((kind) => kindWords(t, kind)).join(", ")})`).join("; ");
}

/** Record a paid absence (vacation, sick, public holiday, other): person, day, kind, hours, an optional note; with an
 * optional "to" day, one per day of the range (its weekdays only, Monday to Friday, unless unchecked) that has no
 * absence yet (the others skipped: `onAdded`'s second argument, each with the kinds recorded there).
 * Beside the missing-punch form: HR's other way to explain a day of 0 h, without typing time nobody worked. The
 * caller's own record is not offered (separation of duties), as for punches. `onAdded`: the absences created, by day
 * (one for a single day). */
export function AddAbsence({ people: everyone, onOpen, onAdded, onBulk }: {
  people: Person[]; onOpen: () => void; onAdded: (absences: Absence[], skipped: AbsenceSkipped[]) => void;
  onBulk: (result: AbsenceBulkResult) => void }) {
  const { api, calendar } = useConsole();
  // Who: one person (as ever), a department's people or everyone employed on the days (a public holiday): the
  // server records each as a range records one person, skipping and listing those it cannot (POST .../bulk).
  const [who, setWho] = useState<Who>("one");
  const departments = useAsync(() => who === "department"
    ? call(api.GET("/employees/departments")).then((list) => list.items) : Promise.resolve([] as string[]),
  [api, who === "department"]);
  const { t } = useI18n();
  const people = useOthers(everyone);
  const selfLeftOut = useLeftOut() !== null;
  const [error, setError] = useState<unknown>(null);
  const [from, setFrom] = useState(calendar.today);
  const [to, setTo] = useState("");
  const [weekdaysOnly, setWeekdaysOnly] = useState(true);
  const { once, busy } = useSendOnce();

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const note = String(form.get("note") ?? "").trim();
    const days = {
      day: String(form.get("day")),
      kind: String(form.get("kind")) as AbsenceKind, minutes: Math.round(Number(form.get("hours")) * 60),
      ...(note ? { note } : {}),
      // A range: the server's default days are Monday to Friday; unchecked, every day of it.
      ...(to ? { day_to: to, weekdays: weekdaysOnly ? ["monday", "tuesday", "wednesday", "thursday", "friday"]
        : ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] } : {}),
    } satisfies Omit<Schemas["AbsenceRequest"], "employee_id">;
    void once(async () => {
      setError(null);
      try {
        if (who === "one") {
          const body: Schemas["AbsenceRequest"] = { ...days, employee_id: String(form.get("employee_id")) };
          const added = await call(api.POST("/attendance/absences", { body }));
          onAdded("items" in added ? added.items : [added], "items" in added ? added.skipped ?? [] : []);
        } else {
          const body: Schemas["AbsenceBulkRequest"] = { ...days, ...(who === "everyone" ? { everyone: true }
            : { department: String(form.get("department")) }) };
          onBulk(await call(api.POST("/attendance/absences/bulk", { body })));
        }
        element.reset();
        setWho("one");
        setFrom(calendar.today);
        setTo("");
        setWeekdaysOnly(true);
      } catch (cause) {
        setError(cause);
      }
    });
  }

  const taken = who === "one" ? takenDays(error) : [];  // a bulk add's: AbsenceError words it
  const refused = refusedDay(error);
  return (
    <details className="card" data-testid="add-absence" onToggle={(event) => { if (event.currentTarget.open) onOpen(); }}>
      <summary>{t("absence.add")}</summary>
      <p className="hint">{t("absence.add.help")}</p>
      <form className="row" onSubmit={submit} aria-label={t("absence.add")} onChange={() => setError(null)}>
        <label>{t("absence.who")}
          <select name="who" value={who} data-testid="absence-who"
            onChange={(event) => setWho(event.currentTarget.value as Who)}>
            <option value="one">{t("absence.who.one")}</option>
            <option value="department">{t("absence.who.department")}</option>
            <option value="everyone">{t("absence.who.everyone")}</option>
          </select>
        </label>
        {who === "one" && <label>{t("attendance.employee")}
          <select name="employee_id" required defaultValue="">
            <option value="" disabled>—</option>
            {people.map((person) => <option key={person.id} value={person.id}>{personName(t, person)}</option>)}
          </select>
        </label>}
        {who === "department" && <label>{t("absence.department")}
          <select name="department" required defaultValue="" data-testid="absence-department">
            <option value="" disabled>—</option>
            {(departments.data ?? []).map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </label>}
        {who === "one" && selfLeftOut && <small>{t("absence.add.self")}</small>}
        <label>{t("absence.day")}<input type="date" name="day" required value={from}
          onChange={(event) => setFrom(event.currentTarget.value)} /></label>
        <label>{t("absence.to")}<input type="date" name="day_to" value={to} min={from || undefined}
          onChange={(event) => { setTo(event.currentTarget.value); if (!event.currentTarget.value) setWeekdaysOnly(true); }} /></label>
        <label><input type="checkbox" name="weekdays_only" checked={to !== "" && weekdaysOnly} disabled={to === ""}
          onChange={(event) => setWeekdaysOnly(event.currentTarget.checked)} />{t("absence.weekdaysOnly")}</label>
        <label>{t("absence.kind")}
          <select name="kind" required defaultValue="vacation">
            {ABSENCE_KINDS.map((kind) => <option key={kind} value={kind}>{kindWords(t, kind)}</option>)}
          </select>
        </label>
        <label>{t("absence.hours")}
          <input type="number" name="hours" required min={0.25} max={24} step={0.25} defaultValue={8} /></label>
        <label>{t("absence.note")}<input name="note" maxLength={1000} /></label>
        <button type="submit" disabled={busy}>{t("absence.add.go")}</button>
      </form>
      {to && <p className="hint">{t("absence.range.help")}</p>}
      {who !== "one" && <p className="hint">{t("absence.bulk.help")}</p>}
      {who === "department" && <ErrorNotice error={departments.error} />}
      <AbsenceError error={error} bulk={who !== "one"} />
      {taken.length > 0 && <p data-testid="absence-taken-days">{t("absence.taken", { days: taken.join(", ") })}</p>}
      {refused && <p data-testid="absence-refused-day">{t("absence.refusedDay", { day: refused })}</p>}
    </details>
  );
}

/** Correct a listed absence: its kind, hours (as the add form takes them: hours, sent as minutes) and note, saved
 * with PATCH /attendance/absences/{id} (one History row, before → after); its errors as the add form shows them
 * (a kind the person has that day already, a day over 24 hours, a closed day). The day and the person stay (delete
 * and add to move one). `onSaved`: the absence as it is now; `onCancel`: closed unsaved. */
export function EditAbsence({ absence, onSaved, onCancel }: { absence: Absence; onSaved: (absence: Absence) => void;
  onCancel: () => void }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const { once, busy } = useSendOnce();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const kind = String(form.get("kind")) as AbsenceKind;
    const minutes = Math.round(Number(form.get("hours")) * 60);
    const note = String(form.get("note") ?? "").trim() || null;
    // Only what was changed here: a field sent as shown would put back another's correction made meanwhile.
    const body: Schemas["AbsenceChange"] = { ...(kind !== absence.kind ? { kind } : {}),
      ...(minutes !== absence.minutes ? { minutes } : {}), ...(note !== (absence.note?.trim() || null) ? { note } : {}) };
    if (Object.keys(body).length === 0) {
      onCancel();
      return;
    }
    void once(async () => {
      setError(null);
      try {
        onSaved(await call(api.PATCH("/attendance/absences/{absence_id}",
          { params: { path: { absence_id: absence.id } }, body })));
      } catch (cause) {
        setError(cause);
      }
    });
  }
  const title = t("absence.edit.title", { name: absence.full_name, day: absence.day });
  const refused = refusedDay(error);
  return (
    <div className="card stack" data-testid="absence-edit">
      <form className="row" onSubmit={submit} aria-label={title} onChange={() => setError(null)}>
        <strong>{title}</strong>
        <label>{t("absence.kind")}
          <select name="kind" required defaultValue={absence.kind}>
            {ABSENCE_KINDS.map((kind) => <option key={kind} value={kind}>{kindWords(t, kind)}</option>)}
          </select>
        </label>
        {/* Any recorded minutes are shown as they are (step "any"): the add form's quarter hours are its own. */}
        <label>{t("absence.hours")}
          <input type="number" name="hours" required min={1 / 60} max={24} step="any"
            defaultValue={Math.round(absence.minutes / 60 * 10000) / 10000} /></label>
        {/* A textarea: a note's line breaks (the API keeps them) survive a change of the hours. */}
        <label>{t("absence.note")}<textarea name="note" maxLength={1000} rows={2} defaultValue={absence.note ?? ""} />
        </label>
        <button type="submit" disabled={busy}>{t("common.save")}</button>
        <button type="button" className="secondary" onClick={onCancel}>{t("common.cancel")}</button>
      </form>
      <p className="hint">{t("absence.edit.help")}</p>
      <AbsenceError error={error} bulk={false} />
      {refused && <p data-testid="absence-refused-day">{t("absence.refusedDay", { day: refused })}</p>}
    </div>
  );
}

/** The period's absences (days `from`..`to`), with Edit and Delete for those who may (admin, reviewer; payroll reads). A
 * deleted absence stays in the person's History. `round`: bumped by the page when it added one (listed again). */
export function AbsencesPanel({ from, to, round = 0, onChange }: { from: string; to: string; round?: number;
  onChange?: () => void }) {
  const { api, can } = useConsole();
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [deleted, setDeleted] = useState<Absence | null>(null);
  const [editing, setEditing] = useState<Absence | null>(null);
  const [changed, setChanged] = useState<Absence | null>(null);
  const { once, busy } = useSendOnce();
  // A page at a time (the API's default, 100), "Load more" for the next: a company-wide holiday over a quarter is
  // hundreds of thousands of rows.
  const listed = usePaged<Absence>((cursor) => call(api.GET("/attendance/absences", {
    params: { query: { date_from: from, date_to: to, ...(cursor ? { cursor } : {}) } } })), [api, from, to, round]);
  const items = listed.items;
  const [batchDeleted, setBatchDeleted] = useState<AbsenceBatchDeleted | null>(null);
  // The bulk adds among the absences loaded so far (by their first day loaded): what, when, by whom, how many of them
  // are listed (loaded) here: a count of the pages shown, said "listed", never the batch's size.
  const batches = useMemo(() => {
    const byBatch = new Map<string, { id: string; first: Absence; last: Absence; count: number; closed: boolean }>();
    for (const absence of listed.items) {
      if (!absence.batch_id) continue;
      const seen = byBatch.get(absence.batch_id);
      byBatch.set(absence.batch_id, seen
        ? { ...seen, last: absence, count: seen.count + 1, closed: seen.closed || absence.in_closed_period === true }
        : { id: absence.batch_id, first: absence, last: absence, count: 1, closed: absence.in_closed_period === true });
    }
    return [...byBatch.values()];
  }, [listed.items]);

  /** Delete every absence of a bulk add (confirmed first: it may be thousands, and some outside this period). */
  function removeBatch(batchId: string, listedCount: number) {
    if (!window.confirm(t("absence.batch.confirm", { count: listedCount }))) return;
    void once(async () => {
      setError(null);
      setDeleted(null);
      setBatchDeleted(null);
      try {
        setBatchDeleted(await deleteBatch(api, batchId));
        listed.reload();
        onChange?.();
      } catch (cause) {
        setError(cause);
      }
    });
  }

  /** An absence corrected (EditAbsence): said, the row changed where it is (the pages read stay: its place in the
   * order never moves), the page told (the Timesheet's figures move). */
  function saved(absence: Absence) {
    setEditing(null);
    setChanged(absence);
    setDeleted(null);
    setBatchDeleted(null);
    listed.update((rows) => rows.map((row) => row.id === absence.id ? absence : row));
    onChange?.();
  }

  function remove(absence: Absence) {
    void once(async () => {
      setError(null);
      setChanged(null);
      setDeleted(null);
      setBatchDeleted(null);
      try {
        await call(api.DELETE("/attendance/absences/{absence_id}", { params: { path: { absence_id: absence.id } } }));
        setDeleted(absence);
        setEditing((current) => current?.id === absence.id ? null : current);
        listed.update((rows) => rows.filter((row) => row.id !== absence.id));
        onChange?.();
      } catch (cause) {
        setError(cause);
      }
    });
  }

  return (
    <section className="stack" aria-labelledby="absences-title" data-testid="absences">
      <h3 id="absences-title">{t("absence.title")}</h3>
      <ErrorNotice error={listed.error ?? error} />
      {deleted && <Notice kind="ok"><span data-testid="absence-deleted">{t("absence.deleted", {
        name: deleted.full_name, day: deleted.day, kind: kindWords(t, deleted.kind) })}</span></Notice>}
      {changed && <Notice kind="ok"><span data-testid="absence-changed">{t("absence.changed", {
        name: changed.full_name, day: changed.day, kind: kindWords(t, changed.kind),
        duration: formatMinutes(changed.minutes) })}</span></Notice>}
      {editing && <EditAbsence key={editing.id} absence={editing} onSaved={saved} onCancel={() => setEditing(null)} />}
      {batchDeleted && <Notice kind="ok"><span data-testid="absence-batch-deleted">{undoneText(t, batchDeleted)}</span>
      </Notice>}
      {can.review && batches.length > 0 && <div data-testid="absence-batches">
        <p>{t("absence.batch.title")}</p>
        <ul>{batches.map((batch) => <li key={batch.id} data-batch={batch.id}>
          {t("absence.batch.what", { kind: kindWords(t, batch.first.kind), from: batch.first.day, to: batch.last.day,
            by: batch.first.created_by })}{" "}
          {batch.closed
            ? <small title={t("error.period_closed")}>{t("absence.closed")}</small>
            : <button type="button" className="secondary" disabled={busy} data-testid="absence-batch-delete"
              onClick={() => removeBatch(batch.id, batch.count)}>{t("absence.batch.delete", { count: batch.count })}</button>}
        </li>)}</ul>
      </div>}
      {!listed.loading && !listed.error && items.length === 0 && <p data-testid="absences-empty">{t("absence.empty")}</p>}
      {items.length > 0 && (
        <TableScroll label={t("absence.title")}>
          <table data-testid="absences-table">
            <thead><tr><th scope="col">{t("absence.day")}</th><th scope="col">{t("attendance.employee")}</th>
              <th scope="col">{t("absence.kind")}</th><th scope="col">{t("absence.hours")}</th>
              <th scope="col">{t("absence.note")}</th><th scope="col">{t("absence.by")}</th>
              {can.review && <th scope="col"><span className="visually-hidden">{t("absence.delete")}</span></th>}</tr></thead>
            <tbody>{items.map((absence) => (
              <tr key={absence.id} data-absence={absence.id}>
                <td>{absence.day}</td>
                <td className="text">{absence.full_name}</td>
                <td>{kindWords(t, absence.kind)}</td>
                <td>{formatMinutes(absence.minutes)}</td>
                <td className="text">{absence.note ?? "—"}</td>
                <td className="text">{absence.created_by}</td>
                {can.review && <td>{absence.in_closed_period
                  ? <small title={t("error.period_closed")}>{t("absence.closed")}</small>
                  : <><button type="button" className="secondary" disabled={busy} data-testid="absence-edit-open"
                    aria-label={t("absence.edit.label", { name: absence.full_name, day: absence.day,
                      kind: kindWords(t, absence.kind) })}
                    onClick={() => { setChanged(null); setDeleted(null); setEditing(absence); }}>
                    {t("absence.edit")}</button>{" "}
                  <button type="button" className="secondary" disabled={busy} data-testid="absence-delete"
                    aria-label={t("absence.delete.label", { name: absence.full_name, day: absence.day,
                      kind: kindWords(t, absence.kind) })}
                    onClick={() => remove(absence)}>{t("absence.delete")}</button></>}</td>}
              </tr>
            ))}</tbody>
          </table>
        </TableScroll>
      )}
      {listed.hasMore && (
        <button type="button" className="secondary" disabled={listed.loading} onClick={listed.more}
          data-testid="absences-more">{t("common.more")}</button>
      )}
    </section>
  );
}

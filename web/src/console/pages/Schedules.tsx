import { useState, type FormEvent } from "react";
import { call, type Schemas } from "../../api/client";
import { useI18n } from "../../i18n";
import { Notice, TableScroll } from "../../ui/components";
import { useAsync, useConsole } from "../context";
import { useSendOnce } from "../sendOnce";
import { ScheduleError, WEEKDAYS, endsNextDay, hoursText, scheduleHoldersHref, weekText, weekdayName,
  type Schedule, type WeekDay } from "../schedules";

/** A weekday's row of the form: off, or its start and end ("HH:MM"). */
interface DayRow {
  on: boolean;
  starts_at: string;
  ends_at: string;
}

type DayRows = Record<WeekDay, DayRow>;

const OFF: DayRow = { on: false, starts_at: "09:00", ends_at: "17:00" };

/** A new schedule's week: Monday to Friday 09:00–17:00, the weekend off. */
function newRows(): DayRows {
  return Object.fromEntries(WEEKDAYS.map((weekday, index) => [weekday, { ...OFF, on: index < 5 }])) as DayRows;
}

function rowsOf(schedule: Schedule): DayRows {
  const rows = Object.fromEntries(WEEKDAYS.map((weekday) => [weekday, { ...OFF }])) as DayRows;
  for (const day of schedule.days) rows[day.weekday] = { on: true, starts_at: day.starts_at, ends_at: day.ends_at };
  return rows;
}

/** Work schedules (README, Work schedules): the list for everyone who reads reports (admin, reviewer, payroll), the
 * form, Edit and Delete for admins only (the API refuses the others' writes all the same). */
export function SchedulesPage() {
  const { api, can } = useConsole();
  const { t, locale } = useI18n();
  const schedules = useAsync(() => call(api.GET("/schedules")), [api]);
  // The form: closed, a new schedule ("new"), or the schedule being edited.
  const [editing, setEditing] = useState<"new" | Schedule | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<{ cause: unknown; name?: string; id?: number } | null>(null);
  const { once, sending, busy } = useSendOnce();

  function remove(schedule: Schedule) {
    if (sending()) return;
    if (!window.confirm(t("schedules.delete.confirm", { name: schedule.name }))) return;
    void once(async () => {
      setError(null);
      setMessage(null);
      try {
        await call(api.DELETE("/schedules/{schedule_id}", { params: { path: { schedule_id: schedule.id } } }));
        setMessage(t("schedules.deleted", { name: schedule.name }));
        if (editing !== "new" && editing?.id === schedule.id) setEditing(null);
      } catch (cause) {
        setError({ cause, name: schedule.name, id: schedule.id });
      }
      schedules.reload();
    });
  }

  const items = schedules.data?.items ?? [];
  return (
    <section className="stack" aria-labelledby="schedules-title">
      <h2 id="schedules-title">{t("schedules.title")}</h2>
      <p className="hint">{t("schedules.help")}</p>
      {can.admin && editing === null && (
        <div><button type="button" data-testid="schedule-new" onClick={() => { setMessage(null); setError(null);
          setEditing("new"); }}>{t("schedules.add")}</button></div>
      )}
      {can.admin && editing !== null && (
        <ScheduleForm key={editing === "new" ? "new" : editing.id} schedule={editing === "new" ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved, created) => {
            setEditing(null);
            setError(null);
            setMessage(t(created ? "schedules.created" : "schedules.saved", { name: saved.name }));
            schedules.reload();
          }} />
      )}
      {message && <Notice kind="ok"><span data-testid="schedule-message">{message}</span></Notice>}
      {error && <ScheduleError error={error.cause} name={error.name} scheduleId={can.admin ? error.id : undefined} />}
      <ScheduleError error={schedules.error} />
      {schedules.loading && !schedules.data && <p>{t("common.loading")}</p>}
      {schedules.data && items.length === 0 && <p data-testid="schedules-empty">{t("schedules.empty")}</p>}
      {items.length > 0 && (
        <TableScroll label={t("schedules.title")}>
          <table data-testid="schedules">
            <thead><tr><th>{t("schedules.name")}</th><th>{t("schedules.days")}</th><th>{t("schedules.perWeek")}</th>
              <th>{t("schedules.grace")}</th><th>{t("schedules.people")}</th>
              {can.admin && <th><span className="visually-hidden">{t("schedules.actions")}</span></th>}</tr></thead>
            <tbody>
              {items.map((schedule) => (
                <tr key={schedule.id} data-schedule={schedule.name}>
                  <td className="text">{schedule.name}</td>
                  <td className="text" data-testid="schedule-days">{weekText(t, locale, schedule.days)}</td>
                  <td data-testid="schedule-week">{hoursText(t, schedule.scheduled_minutes_per_week)}</td>
                  <td data-testid="schedule-grace">{t("schedules.graceValue", { minutes: schedule.late_grace_minutes })}</td>
                  {/* Who they are (inactive people too, as counted): the Employees page is admins'. */}
                  <td data-testid="schedule-people">{can.admin && schedule.employees > 0
                    ? <a href={scheduleHoldersHref(schedule.id)} data-testid="schedule-people-link"
                      aria-label={t("schedules.people.label", { name: schedule.name, count: schedule.employees })}>
                      {schedule.employees}</a>
                    : schedule.employees}</td>
                  {can.admin && (
                    <td className="row">
                      <button type="button" className="secondary" disabled={busy} data-testid="schedule-edit"
                        aria-label={t("schedules.edit.label", { name: schedule.name })}
                        onClick={() => { setMessage(null); setError(null); setEditing(schedule); }}>{t("schedules.edit")}</button>
                      <button type="button" className="danger" disabled={busy} data-testid="schedule-delete"
                        aria-label={t("schedules.delete.label", { name: schedule.name })}
                        onClick={() => remove(schedule)}>{t("schedules.delete")}</button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

/** Adding (schedule null) or editing a schedule: its name, the grace before someone counts as late, and one row per
 * weekday, off or its start and end (an end before the start: the shift ends the next day). */
function ScheduleForm({ schedule, onSaved, onCancel }: { schedule: Schedule | null;
  onSaved: (schedule: Schedule, created: boolean) => void; onCancel: () => void }) {
  const { api } = useConsole();
  const { t, locale } = useI18n();
  const [rows, setRows] = useState<DayRows>(() => (schedule ? rowsOf(schedule) : newRows()));
  const [error, setError] = useState<unknown>(null);
  const { once, busy } = useSendOnce();
  const title = schedule ? t("schedules.edit.title", { name: schedule.name }) : t("schedules.add");

  function change(weekday: WeekDay, patch: Partial<DayRow>) {
    setError(null);
    setRows((before) => ({ ...before, [weekday]: { ...before[weekday], ...patch } }));
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Schemas["ScheduleRequest"] = {
      name: String(form.get("name") ?? "").trim(),
      late_grace_minutes: Number(form.get("late_grace_minutes")),
      days: WEEKDAYS.filter((weekday) => rows[weekday].on)
        .map((weekday) => ({ weekday, starts_at: rows[weekday].starts_at, ends_at: rows[weekday].ends_at })),
    };
    void once(async () => {
      setError(null);
      try {
        const saved = schedule
          ? await call(api.PUT("/schedules/{schedule_id}", { params: { path: { schedule_id: schedule.id } }, body }))
          : await call(api.POST("/schedules", { body }));
        onSaved(saved, !schedule);
      } catch (cause) {
        setError(cause);
      }
    });
  }

  return (
    <form className="card stack" onSubmit={submit} aria-label={title} data-testid="schedule-form">
      <h3>{title}</h3>
      <div className="row">
        <label>{t("schedules.name")}<input name="name" required maxLength={100} defaultValue={schedule?.name ?? ""}
          onChange={() => setError(null)} /></label>
        <label>{t("schedules.grace")}<input name="late_grace_minutes" type="number" required min={0} max={120} step={1}
          defaultValue={schedule?.late_grace_minutes ?? 5} aria-describedby="schedule-grace-help"
          onChange={() => setError(null)} /></label>
      </div>
      <p className="hint" id="schedule-grace-help">{t("schedules.grace.help")}</p>
      <fieldset className="stack schedule-days">
        <legend>{t("schedules.days")}</legend>
        {WEEKDAYS.map((weekday) => {
          const row = rows[weekday];
          const day = weekdayName(weekday, locale, "long");
          const night = row.on && row.starts_at && row.ends_at && endsNextDay(row.starts_at, row.ends_at);
          return (
            <div className="row" key={weekday} data-weekday={weekday}>
              <label className="schedule-day"><input type="checkbox" checked={row.on} data-testid="schedule-day-on"
                onChange={(event) => change(weekday, { on: event.currentTarget.checked })} />{day}</label>
              {row.on ? (
                <>
                  <label>{t("schedules.start")}<input type="time" required value={row.starts_at}
                    aria-label={t("schedules.start.label", { day })} data-testid="schedule-start"
                    onChange={(event) => change(weekday, { starts_at: event.currentTarget.value })} /></label>
                  <label>{t("schedules.end")}<input type="time" required value={row.ends_at}
                    aria-label={t("schedules.end.label", { day })} data-testid="schedule-end"
                    onChange={(event) => change(weekday, { ends_at: event.currentTarget.value })} /></label>
                  {night && <small data-testid="schedule-next-day">{t("schedules.endsNextDay")}</small>}
                  {row.starts_at && row.starts_at === row.ends_at
                    && <small data-testid="schedule-same-time">{t("schedules.sameTime")}</small>}
                </>
              ) : <span className="hint" data-testid="schedule-day-off">{t("schedules.off")}</span>}
            </div>
          );
        })}
      </fieldset>
      <div className="row">
        <button type="submit" disabled={busy}>{schedule ? t("common.save") : t("schedules.add.go")}</button>
        <button type="button" className="secondary" onClick={onCancel}>{t("common.cancel")}</button>
      </div>
      <ScheduleError error={error} />
    </form>
  );
}

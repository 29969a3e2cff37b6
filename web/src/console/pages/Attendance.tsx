import { Fragment, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { call, newIdempotencyKey, type AttendanceEvent, type ListedEvent, type Person, type Schemas } from "../../api/client";
import type { MessageKey } from "../../i18n/en";
import { formatNumber, useI18n } from "../../i18n";
import { ErrorNotice, Notice, TableScroll, formatTime, formatWithOffset, zonedTimeInstants } from "../../ui/components";
import { useAsync, useConsole, usePaged } from "../context";
import { allEmployees, deviceLabels, json, personName } from "../data";
import { conflictText, conflictTime, decidedWithoutText, missingShiftOffer, punchConflict } from "../conflicts";
import { punchFields } from "../fieldLabels";
import { useSendOnce } from "../sendOnce";
import { CsvDownload } from "../csvDialect";
import { addDays, linkedFilters } from "../attendanceLinks";
import { EmployeePicker, findPerson } from "../EmployeePicker";
import { ReviewDecision } from "./ReviewDecision";
import { ACTION_LABEL } from "../changes";
import { useLeftOut, useOthers } from "../ownPunch";
import { AddAbsence, BulkAdded, kindWords, skippedText, undoneText, type Absence, type AbsenceBatchDeleted,
  type AbsenceBulkResult, type AbsenceSkipped } from "../absences";

type Status = AttendanceEvent["status"];
type ReviewState = AttendanceEvent["review_state"];
/** HR's decision on an event, as a filter: not flagged, awaiting review, or what the reviewer decided. */
const REVIEW_STATES: ReviewState[] = ["none", "pending", "confirmed", "reassigned", "rejected"];
const STATUSES: Status[] = ["recognized", "unknown", "ambiguous", "rejected"];
const PAGE = 100;

interface Filters {
  /** One person's events, their days in their zone (the API's), else everyone's in the report zone. */
  employee_id: string;
  date_from: string;
  date_to: string;
  status: Status | "";
  counted: "" | "true" | "false";
  review_state: ReviewState | "";
  device_id: string;
}

/** `linked`: the filters of the page's address ("employee_id=…&date_from=…&date_to=…", a timesheet row's link). */
export function AttendancePage({ linked = "" }: { linked?: string }) {
  const { api, calendar, can } = useConsole();
  const { t, locale } = useI18n();
  const [filters, setFilters] = useState<Filters>(() => ({ employee_id: "", date_from: calendar.today,
    date_to: calendar.today, status: "", counted: "", review_state: "", device_id: "", ...linkedFilters(linked) }));
  // The picker's person: null for everyone, undefined while its text names nobody (not applied then).
  const [picked, setPicked] = useState<string | null | undefined>(filters.employee_id || null);
  const [unpicked, setUnpicked] = useState(false);
  // The zone the listed days are in (the answer's): the person's own when filtered to one, else the report zone.
  const [answered, setAnswered] = useState({ filters: "", zone: calendar.timeZone });
  const [csvError, setCsvError] = useState<unknown>(null);
  const query = {
    ...(filters.employee_id ? { employee_id: filters.employee_id } : {}),
    ...(filters.date_from ? { date_from: filters.date_from } : {}),
    ...(filters.date_to ? { date_to: filters.date_to } : {}),
    // Payroll is offered neither filter (the API refuses both: 403), and no link sets them.
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.counted ? { counted: filters.counted === "true" } : {}),
    ...(filters.review_state ? { review_state: filters.review_state } : {}),
    ...(filters.device_id ? { device_id: filters.device_id } : {}),
  };
  const asked = JSON.stringify(filters);
  // The person the page is filtered to, read once: the picker names them, the add-punch form reads their zones.
  const filtered = useAsync(() => filters.employee_id
    ? call(api.GET("/employees/{employee_id}", { params: { path: { employee_id: filters.employee_id } } }))
    : Promise.resolve(null), [api, filters.employee_id]);
  // Device names: admins only (the others see the device ids).
  const devices = useAsync(() => can.admin ? call(api.GET("/devices")).then((list) => list.items) : Promise.resolve([]),
    [api, can.admin]);
  const deviceNames = useMemo(() => deviceLabels(t, devices.data ?? []), [t, devices.data]);
  // Every employee (all pages) only once a form needs them: not on each visit to the list.
  const [wantPeople, setWantPeople] = useState(false);
  const people = useAsync(() => (wantPeople ? allEmployees(api) : Promise.resolve([])), [api, wantPeople]);
  const [correcting, setCorrecting] = useState<number | null>(null);
  const [added, setAdded] = useState<"punch" | "shift" | null>(null);
  const [absenceAdded, setAbsenceAdded] = useState<Absence[] | null>(null);
  // A range's days left as they were (an absence there already), each with its kinds.
  const [absenceSkipped, setAbsenceSkipped] = useState<AbsenceSkipped[]>([]);
  // A bulk add's answer (a department's or everyone's): counts and the people skipped.
  const [bulkAdded, setBulkAdded] = useState<AbsenceBulkResult | null>(null);
  // What its Undo removed (the bulk add's answer then gone).
  const [bulkUndone, setBulkUndone] = useState<AbsenceBatchDeleted | null>(null);
  // The absences just added, by day: one for a single day, a range's first and last days otherwise.
  const firstAdded = absenceAdded?.[0];
  const lastAdded = absenceAdded?.[absenceAdded.length - 1];
  const events = usePaged<ListedEvent>((cursor) => call(api.GET("/attendance", {
    params: { query: { ...query, limit: PAGE, ...(cursor ? { cursor } : {}) } },
  })).then(json).then((page) => { setAnswered({ filters: asked, zone: page.timezone }); return page; }), [api, asked]);
  const zone = answered.filters === asked ? answered.zone : calendar.timeZone;

  const byId = useMemo(() => new Map(events.items.map((event) => [event.id, event])), [events.items]);

  async function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    // Typed and sent before the picker's search answered: read the name now.
    let person: string | null | undefined = picked;
    try {
      if (person === undefined) person = await findPerson(api, String(form.get("employee") ?? ""));
    } catch (cause) {
      setCsvError(cause);
      return;
    }
    setUnpicked(person === undefined);
    if (person === undefined) return;
    setFilters({
      employee_id: person ?? "",
      date_from: String(form.get("date_from") ?? ""), date_to: String(form.get("date_to") ?? ""),
      status: String(form.get("status") ?? "") as Status | "", counted: String(form.get("counted") ?? "") as Filters["counted"],
      review_state: String(form.get("review_state") ?? "") as Filters["review_state"],
      device_id: String(form.get("device_id") ?? "").trim(),
    });
  }

  return (
    <section className="stack" aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t("attendance.title")}</h2>
      <form className="row" onSubmit={(event) => void apply(event)} role="search">
        <EmployeePicker label={t("attendance.employee")} initial={filtered.data} onPick={setPicked} />
        <label>{t("attendance.from")}<input type="date" name="date_from" defaultValue={filters.date_from} /></label>
        <label>{t("attendance.to")}<input type="date" name="date_to" defaultValue={filters.date_to} /></label>
        {can.review && <label>{t("attendance.status")}
          <select name="status" defaultValue={filters.status}>
            <option value="">{t("employees.all")}</option>
            {STATUSES.map((status) => <option key={status} value={status}>{t(`status.${status}` as MessageKey)}</option>)}
          </select>
        </label>}
        {/* Payroll reads the counted punches only (the API's rule): no choice to offer. */}
        {can.review && <label>{t("attendance.counted")}
          <select name="counted" defaultValue={filters.counted} data-testid="counted">
            <option value="">{t("employees.all")}</option>
            <option value="true">{t("attendance.counted.yes")}</option>
            <option value="false">{t("attendance.counted.no")}</option>
          </select>
        </label>}
        <label>{t("attendance.review")}
          <select name="review_state" defaultValue={filters.review_state} data-testid="review-state">
            <option value="">{t("employees.all")}</option>
            {REVIEW_STATES.map((state) => <option key={state} value={state}>{t(`review.state.${state}` as MessageKey)}</option>)}
          </select>
        </label>
        <label>{t("attendance.device")}
          <select name="device_id" defaultValue={filters.device_id}>
            <option value="">{t("employees.all")}</option>
            {[...deviceNames].map(([id, label]) => <option key={id} value={id}>{label}</option>)}
          </select>
        </label>
        <button type="submit">{t("attendance.filter")}</button>
        <CsvDownload path="/attendance" className="secondary" onError={setCsvError} query={{ ...query, limit: "1000" }}
          filename={`attendance-${filters.date_from || "all"}.csv`} />
      </form>
      {unpicked && <Notice kind="error">{t("attendance.pickPerson")}</Notice>}
      {/* One person's days are theirs: said when their zone is not the report zone. */}
      {filters.employee_id && zone !== calendar.timeZone
        && <p className="hint" data-testid="listing-zone">{t("attendance.personZone", { zone })}</p>}
      {can.review && <AddPunch key={filters.employee_id} people={people.data ?? []} initialPersonId={filters.employee_id}
        initialPerson={filtered.data}
        onOpen={() => setWantPeople(true)} onAdded={(shift) => { setAbsenceAdded(null); setBulkAdded(null); setBulkUndone(null); setAdded(shift ? "shift" : "punch"); events.reload(); }} />}
      {added && <Notice kind="ok">{t(added === "shift" ? "attendance.addedShift" : "attendance.added")}</Notice>}
      {/* A paid absence: HR's way to explain a day of 0 h without typing time nobody worked. */}
      {can.review && <AddAbsence people={people.data ?? []} onOpen={() => setWantPeople(true)}
        onAdded={(absences, skipped) => { setAdded(null); setBulkAdded(null); setBulkUndone(null); setAbsenceAdded(absences);
          setAbsenceSkipped(skipped); }}
        onBulk={(result) => { setAdded(null); setAbsenceAdded(null); setAbsenceSkipped([]); setBulkUndone(null);
          setBulkAdded(result); }} />}
      {bulkAdded && <BulkAdded key={bulkAdded.batch_id} result={bulkAdded}
        onUndone={(removed) => { setBulkAdded(null); setBulkUndone(removed); }} />}
      {bulkUndone && <Notice kind="ok"><span data-testid="absence-bulk-undone">{undoneText(t, bulkUndone)}</span></Notice>}
      {firstAdded && lastAdded && <Notice kind="ok"><span data-testid="absence-added">{firstAdded === lastAdded
        ? t("absence.added", { name: firstAdded.full_name, day: firstAdded.day, kind: kindWords(t, firstAdded.kind) })
        : t("absence.addedRange", { name: firstAdded.full_name, count: absenceAdded?.length ?? 0, from: firstAdded.day,
          to: lastAdded.day, kind: kindWords(t, firstAdded.kind) })}</span>
        {absenceSkipped.length > 0 && <> <span data-testid="absence-skipped">{t("absence.skipped",
          { days: skippedText(t, absenceSkipped) })}</span></>}</Notice>}
      <ErrorNotice error={events.error ?? csvError} />
      {!events.loading && !events.error && events.items.length === 0 && <p>{t("attendance.empty")}</p>}
      {events.items.length > 0 && (
        <TableScroll label={t("nav.attendance")}>
          <table data-testid="events">
            <thead>
              {/* Payroll reads no face evidence (no status, similarity, matched person or snapshot): its columns
                  are left out, and the review state stands in for the status. */}
              <tr><th>{t("attendance.time")}</th><th>{t("attendance.employee")}</th><th>{t("attendance.type")}</th>
                <th>{t(can.review ? "attendance.status" : "attendance.review")}</th>
                {can.review && <th>{t("attendance.similarity")}</th>}<th>{t("attendance.device")}</th>
                {can.review && <th>{t("attendance.snapshot")}</th>}
                {/* Payroll cannot open the audit trail: the note of each punch's latest decision says why. */}
                {!can.review && <th>{t("attendance.note")}</th>}</tr>
            </thead>
            <tbody>
              {events.items.map((listed) => { const event = withEvidence(listed); return (
                <Fragment key={listed.id}>
                  <tr data-event={listed.id}>
                    <td>{formatTime(listed.occurred_at, locale, zone)}{listed.offline && <> <span className="badge warn">{t("attendance.offline")}</span></>}</td>
                    <td className="text">{listed.employee?.full_name ?? "—"}</td>
                    <td>{t(listed.event_type === "entry" ? "event.check_in" : "event.check_out")}
                      <DirectionBadge event={listed} /></td>
                    <td>
                      {event ? <StatusBadge event={event} /> : <ReviewStateBadge event={listed} />}
                      {listed.entered_by && <> <span className="badge">{t("attendance.entered", { name: listed.entered_by })}</span></>}
                      {listed.repeat_of != null && <> <RepeatBadge repeat={listed} original={byId.get(listed.repeat_of)} /></>}
                      {can.review && event && <AuditTrail event={event} />}
                    </td>
                    {event && <td>
                      {event.similarity == null ? "—" : formatNumber(event.similarity, locale, 3)}
                      {event.matched_employee && event.matched_employee.id !== event.employee?.id && (
                        <div className="hint" data-testid="matched-other">
                          {t("attendance.matchedOther", { name: event.matched_employee.full_name })}</div>)}
                    </td>}
                    <td className="text" title={listed.device_id ?? undefined} data-testid="event-kiosk">
                      {listed.device_id ? deviceNames.get(listed.device_id) ?? listed.device_name ?? listed.device_id : "—"}</td>
                    {/* Photos and corrections: admins and reviewers (payroll sees no photo). */}
                    {!event && <td className="text" data-testid="event-note">
                      {"note" in listed && listed.note ? listed.note : "—"}</td>}
                    {can.review && event && <td>
                      <Snapshot event={event} />{" "}
                      <button type="button" className="secondary" aria-expanded={correcting === event.id} data-testid="correct"
                        onClick={() => { setWantPeople(true); setCorrecting(correcting === event.id ? null : event.id); }}>{t("attendance.correct")}</button>
                    </td>}
                  </tr>
                  {event && correcting === event.id && (
                    <tr>
                      <td colSpan={7}>
                        <ReviewDecision event={event} candidates={[]} people={people.data ?? []}
                          onDone={() => {
                            setCorrecting(null);
                            events.reload();
                            // The panel closes: the focus goes back to its row's Correct button, not to the body.
                            document.querySelector<HTMLElement>(`tr[data-event="${event.id}"] [data-testid=correct]`)?.focus();
                          }} onReload={events.reload} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ); })}
            </tbody>
          </table>
        </TableScroll>
      )}
      {events.hasMore && (
        <button type="button" className="secondary" disabled={events.loading} onClick={events.more} data-testid="more">
          {t("common.more")}
        </button>
      )}
    </section>
  );
}

// A person read one by one (their zones over time): the whole record (admin) or the reduced view (the others).
type EmployeeDetail = Schemas["EmployeeDetail"] | Schemas["EmployeeSummaryDetail"];
type ManualPunch = Schemas["ManualEventRequest"];
type ManualShift = Schemas["ManualShiftRequest"];
/** What the form sends: one punch, or a whole missing shift (its entry and exit in one step). */
type Submission = { kind: "punch"; body: ManualPunch } | { kind: "shift"; body: ManualShift };
type PunchKind = "entry" | "exit" | "shift";
/** A typed time's instants in the zone held then, once submitted: none or two need HR (a clock change that day). */
interface Clock { time: string; instants: PunchCandidate[]; zone: string }

/** A punch the kiosk did not take (a forgotten check-out), or a whole missing shift (a forgotten morning before the
 * afternoon's punches: one punch at a time it cannot be added), typed in the person's time zone (the one their report
 * days are in: their own, else the report zone), with its reason. One Idempotency-Key per submission sent: a retry of
 * the same submission reuses it, so it is never added twice. A punch the reports would not count (409 punch_conflict)
 * is explained, with a button to replace the event it conflicts with; or, when the punch is half of a missing shift
 * and replacing would pay the gap (conflicts.missingShiftOffer), a button to add the shift instead. */
/** `initialPersonId`: the person the page is filtered to (HR checking one person's punches adds theirs), else none;
 * `initialPerson`: that person as the page read them (undefined until it has). */
function AddPunch({ people: everyone, initialPersonId: linkedPerson, initialPerson, onOpen, onAdded }: {
  people: Person[]; initialPersonId: string; initialPerson: EmployeeDetail | null | undefined; onOpen: () => void;
  onAdded: (shift: boolean) => void }) {
  const { api, calendar, self } = useConsole();
  // Separation of duties: nobody types punches for themselves (the API refuses: 403 own_record) unless self-review
  // is allowed; the form leaves them out of its list, and says so.
  const people = useOthers(everyone);
  const selfLeftOut = useLeftOut() !== null;
  const initialPersonId = selfLeftOut && linkedPerson === self.employeeId ? "" : linkedPerson;
  const { t, locale } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [refused, setRefused] = useState<{ submission: Submission; form: HTMLFormElement } | null>(null);
  const sent = useRef<{ body: string; key: string } | null>(null);
  // One submission at a time: a double click would otherwise send the punch twice.
  const { once, busy } = useSendOnce();
  const [kind, setKind] = useState<PunchKind>("exit");
  const formRef = useRef<HTMLFormElement>(null);
  // The picked person's zones over time: the typed date and time are a wall clock in the one held then (the day the
  // reports put the punch on), not necessarily the one they hold now.
  const [personId, setPersonId] = useState(initialPersonId);
  const another = useAsync(() => personId && personId !== initialPersonId
    ? call(api.GET("/employees/{employee_id}", { params: { path: { employee_id: personId } } }))
    : Promise.resolve(null), [api, personId]);
  const detail = personId === initialPersonId ? initialPerson : another.data;
  const [typed, setTyped] = useState<{ date: string; time: string; end: string }>(
    { date: calendar.today, time: "", end: "" });
  const current = people.find((person) => person.id === personId)?.timezone ?? calendar.timeZone;
  const spans = detail?.id === personId ? detail.time_zones : [];
  const zone = readClock(spans, typed.date, typed.time, current, calendar.timeZone).zone;
  // The entry's (or the punch's) instants, and a shift's exit's.
  const [clock, setClock] = useState<Clock | null>(null);
  const [clockEnd, setClockEnd] = useState<Clock | null>(null);
  const endsNextDay = kind === "shift" && typed.time !== "" && typed.end !== "" && typed.end < typed.time;

  const send = (submission: Submission, form: HTMLFormElement) => once(async () => {
    const body = JSON.stringify(submission);
    if (sent.current?.body !== body) sent.current = { body, key: newIdempotencyKey() };
    setError(null);
    setRefused(null);
    try {
      const params = { header: { "Idempotency-Key": sent.current.key } };
      if (submission.kind === "shift") {
        await call(api.POST("/attendance/manual/shift", { body: submission.body, params }));
      } else {
        await call(api.POST("/attendance/manual", { body: submission.body, params }));
      }
      sent.current = null;
      form.reset();
      setKind("exit");
      setPersonId("");
      setTyped({ date: calendar.today, time: "", end: "" });
      setClock(null);
      setClockEnd(null);
      onAdded(submission.kind === "shift");
    } catch (cause) {
      setError(cause);
      if (punchConflict(cause)) setRefused({ submission, form });
    }
  });

  /** The instant HR means by a typed wall clock: the only one, or the one chosen of two; null when none is. */
  function instantOf(instants: PunchCandidate[], chosen: FormDataEntryValue | null): string | null {
    if (instants.length === 1) return instants[0]!.instant;
    return instants.length > 1 && instants.some(({ instant }) => instant === chosen) ? String(chosen) : null;
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const element = event.currentTarget;
    const form = new FormData(element);
    const time = String(form.get("time"));
    const date = String(form.get("date"));
    // A clock change (or a change of zone): a skipped time is refused, a repeated one is asked about (never guessed).
    const { instants, zone: held } = readClock(spans, date, time, current, calendar.timeZone);
    setClock({ time, instants, zone: held });
    const at = instantOf(instants, form.get("instant"));
    const note = String(form.get("note")).trim();
    const employee_id = String(form.get("employee_id"));
    if (kind !== "shift") {
      setClockEnd(null);
      if (at) void send({ kind: "punch", body: { employee_id, event_type: kind, occurred_at: at, note } }, element);
      return;
    }
    // An exit time earlier than the entry's is the next day's (a night shift).
    const end = String(form.get("end_time"));
    const endDate = end < time ? addDays(date, 1) : date;
    const { instants: endInstants, zone: endZone } = readClock(spans, endDate, end, current, calendar.timeZone);
    setClockEnd({ time: end, instants: endInstants, zone: endZone });
    const endAt = instantOf(endInstants, form.get("instant_end"));
    if (at && endAt) void send({ kind: "shift", body: { employee_id, started_at: at, ended_at: endAt, note } }, element);
  }

  // A shift offered in place of a refused punch: its fields are filled once the form shows the exit field (after the
  // render that follows setKind("shift"), whenever the browser gets to it).
  const [offered, setOffered] = useState<{ side: "from" | "until"; time: string } | null>(null);
  useEffect(() => {
    const form = formRef.current;
    const endInput = form?.elements.namedItem("end_time") as HTMLInputElement | null | undefined;
    const timeInput = form?.elements.namedItem("time") as HTMLInputElement | null | undefined;
    if (!offered || kind !== "shift" || !endInput || !timeInput) return;
    setOffered(null);
    if (offered.side === "until") {
      endInput.value = offered.time;
      timeInput.value = "";
      timeInput.focus();
    } else {
      endInput.focus(); // the entry's field holds the punch's time already (the same input, kept)
    }
  }, [offered, kind]);

  /** The refused punch becomes one side of a missing shift: the form switches to a shift with the punch's time as its
   * entry ("from") or exit ("until"), the other time left to type. */
  function offerShift(side: "from" | "until") {
    const form = formRef.current;
    if (!form) return;
    const timeInput = form.elements.namedItem("time") as HTMLInputElement;
    const typedTime = timeInput.value;
    setRefused(null);
    setError(null);
    setClock(null);
    setClockEnd(null);
    setKind("shift");
    setTyped((before) => ({ ...before, time: side === "from" ? typedTime : "", end: side === "from" ? "" : typedTime }));
    setOffered({ side, time: typedTime }); // filled and focused once the exit field is rendered (the effect above)
  }

  const conflict = punchConflict(error);
  const refusedPunch = refused?.submission.kind === "punch" ? refused.submission.body : null;
  const offer = conflict && refusedPunch ? missingShiftOffer(conflict, refusedPunch.event_type) : null;
  return (
    <details className="card" onToggle={(event) => { if (event.currentTarget.open) onOpen(); }}>
      <summary>{t("attendance.add")}</summary>
      <form ref={formRef} className="row" onSubmit={submit} aria-label={t("attendance.add")}
        onChange={(event) => {
          setRefused(null);
          setError(null);
          const name = (event.target as HTMLElement).getAttribute("name");
          if (name !== "instant" && name !== "instant_end") {
            setClock(null);
            setClockEnd(null);
          }
          if (name === "date" || name === "time" || name === "end_time") {
            const fields = new FormData(event.currentTarget);
            setTyped({ date: String(fields.get("date")), time: String(fields.get("time")),
              end: String(fields.get("end_time") ?? "") });
          }
        }}>
        <label>{t("attendance.employee")}
          <select name="employee_id" required value={personId} onChange={(event) => setPersonId(event.target.value)}>
            <option value="" disabled>—</option>
            {people.map((person) => <option key={person.id} value={person.id}>{personName(t, person)}</option>)}
          </select>
        </label>
        {selfLeftOut && <small data-testid="punch-self">{t("attendance.add.self")}</small>}
        <label>{t("attendance.type")}
          <select name="event_type" value={kind} onChange={(event) => setKind(event.target.value as PunchKind)}>
            <option value="entry">{t("attendance.add.entry")}</option>
            <option value="exit">{t("attendance.add.exit")}</option>
            <option value="shift">{t("attendance.add.shift")}</option>
          </select>
        </label>
        <label>{t("daily.date")}<input type="date" name="date" required defaultValue={calendar.today} /></label>
        <label>{t(kind === "shift" ? "attendance.add.in" : "attendance.add.time")}
          <input type="time" name="time" required aria-describedby="punch-zone" /></label>
        {kind === "shift" && (
          <label>{t("attendance.add.out")}
            <input type="time" name="end_time" required aria-describedby={endsNextDay ? "punch-zone punch-next-day" : "punch-zone"} /></label>
        )}
        <small id="punch-zone" data-testid="punch-zone">{t("attendance.add.zone", { zone })}</small>
        {endsNextDay && <small id="punch-next-day" data-testid="punch-next-day">
          {t("attendance.add.nextDay", { date: addDays(typed.date, 1) })}</small>}
        {[{ held: clock, name: "instant" }, ...(kind === "shift" ? [{ held: clockEnd, name: "instant_end" }] : [])]
          .map(({ held, name }) => held && held.instants.length > 1 && (
            <label key={name}>{t("attendance.add.which", { time: held.time })}
              <select name={name} required defaultValue="">
                <option value="" disabled>—</option>
                {held.instants.map(({ instant, zone: heldZone }) => (
                  <option key={instant} value={instant}>{formatWithOffset(instant, locale, heldZone)}</option>))}
              </select>
            </label>
          ))}
        <label>{t("attendance.add.reason")}<input name="note" required maxLength={1000} pattern=".*\S.*"
          title={t("attendance.add.reasonNeeded")} /></label>
        <button type="submit" disabled={busy}>{t(kind === "shift" ? "attendance.add.goShift" : "attendance.add.go")}</button>
      </form>
      {[clock, kind === "shift" ? clockEnd : null].map((held, index) => held && held.instants.length !== 1 && (
        <Notice key={index} kind="error">{t(held.instants.length ? "attendance.add.timeTwice" : "attendance.add.timeSkipped",
          { time: held.time, zone: held.zone })}</Notice>
      ))}
      {conflict && refused ? (
        <div data-testid="punch-conflict">
          <Notice kind="error">{conflictText(t, conflict, locale, calendar.timeZone, refused.submission.kind)}</Notice>
          {offer && refusedPunch && (
            <button type="button" disabled={busy} onClick={() => offerShift(offer)}>
              {t(offer === "from" ? "attendance.conflict.offerShiftFrom" : "attendance.conflict.offerShiftUntil",
                { time: conflictTime(refusedPunch.occurred_at, conflict, locale, calendar.timeZone) })}
            </button>
          )}
          {/* Replacing the entry of a closed shift with an earlier one would pay the gap: the shift is offered instead. */}
          {refusedPunch && offer !== "from" && conflict.events.filter((event) => conflict.replaceable.includes(event.id)).map((event) => (
            <button key={event.id} type="button" disabled={busy}
              onClick={() => void send({ kind: "punch", body: { ...refusedPunch, replaces: event.id } }, refused.form)}>
              {t("attendance.conflict.replace", { type: t(event.event_type === "entry" ? "event.check_in" : "event.check_out"),
                time: conflictTime(event.occurred_at, conflict, locale, calendar.timeZone) })}
            </button>
          ))}
        </div>
      ) : <ErrorNotice error={error} fields={punchFields(t)} />}
    </details>
  );
}

/** The calendar day after `date` (YYYY-MM-DD). */
type TimeZoneSpan = Schemas["EmployeeTimeZone"];
interface PunchCandidate { instant: string; zone: string }

/** A zone this browser can compute in: `zone`, else (none, or one it does not know) the report zone, as the server
 * falls back. */
function loadable(zone: string | null | undefined, reportZone: string): string {
  if (!zone) return reportZone;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone;
  } catch {
    return reportZone;
  }
}

/** The instants a wall clock (date, time) can be for a person: in each zone they held, those within the time it
 * held (none: skipped, two: a clock went back or the person moved west). No history yet: their current zone. */
function punchCandidates(spans: TimeZoneSpan[], date: string, time: string, current: string,
  reportZone: string): PunchCandidate[] {
  if (!date || !time) return [];
  if (spans.length === 0) {
    const zone = loadable(current, reportZone);
    return zonedTimeInstants(date, time, zone).map((instant) => ({ instant, zone }));
  }
  return spans.flatMap((span, index) => {
    const zone = loadable(span.zone, reportZone);
    const from = span.valid_from ? Date.parse(span.valid_from) : -Infinity;
    const until = spans[index + 1]?.valid_from ? Date.parse(spans[index + 1]!.valid_from!) : Infinity;
    return zonedTimeInstants(date, time, zone).filter((instant) => from <= Date.parse(instant)
      && Date.parse(instant) < until).map((instant) => ({ instant, zone }));
  }).sort((a, b) => a.instant.localeCompare(b.instant));
}

/** A typed date and time read once, for the form's hint and its submit alike: the instants it can be
 * (punchCandidates) and the zone it is read in, the one held then (at noon, for a date alone or a skipped time). */
function readClock(spans: TimeZoneSpan[], date: string, time: string, current: string,
  reportZone: string): { instants: PunchCandidate[]; zone: string } {
  const instants = punchCandidates(spans, date, time, current, reportZone);
  const found = time ? instants : punchCandidates(spans, date, "12:00", current, reportZone);
  if (found.length > 0) return { instants, zone: found[0]!.zone };
  const held = [...spans].reverse().find((span) => !span.valid_from || Date.parse(span.valid_from) <= Date.parse(`${date}T12:00Z`));
  return { instants, zone: spans.length === 0 || !date ? loadable(current, reportZone) : loadable(held?.zone, reportZone) };
}

/** Who changed an event, when and how (the audit trail): shown on request, for a punch awaiting review too (why
 * FacePass sent it back, or who decided it before). */
export function AuditTrail({ event }: { event: AttendanceEvent }) {
  const { api, calendar } = useConsole();
  const { t, locale } = useI18n();
  const [trail, setTrail] = useState<Schemas["AuditEntry"][] | null>(null);
  const [error, setError] = useState<unknown>(null);
  if ((!event.review_state || event.review_state === "none") && !event.entered_by) return null;
  if (trail) {
    return (
      <ul className="people" data-testid="audit">
        {trail.length === 0 && <li>{t("attendance.audit.empty")}</li>}
        {trail.map((entry) => (
          <li key={entry.id} title={kioskOf(entry) ?? undefined}>
            {t("attendance.audit.entry", { time: formatTime(entry.created_at, locale, calendar.timeZone),
              actor: kioskOf(entry) ? t("attendance.audit.kiosk", { device: entry.device_name ?? kioskOf(entry)! })
                : entry.automatic ? t("attendance.audit.automatic") : entry.actor,
              action: t(ACTION_LABEL[entry.action as keyof typeof ACTION_LABEL] ?? "review.state.none") })}
            {entry.decided_without ? ` · ${decidedWithoutText(t, entry.decided_without, locale, calendar.timeZone)}`
              : kioskOf(entry) ? ` · ${t("attendance.audit.disputed")}` : entry.note ? ` · ${entry.note}` : ""}
            {entry.self_review && <>{" · "}<span className="badge warn" data-testid="audit-self-review">
              {t("attendance.audit.selfReview")}</span></>}
          </li>
        ))}
      </ul>
    );
  }
  return (
    <>
      {" "}<button type="button" className="secondary" onClick={() => {
        call(api.GET("/attendance/{event_id}/audit", { params: { path: { event_id: event.id } } }))
          .then((answer) => setTrail(answer.items), setError);
      }}>{t("attendance.audit")}</button>
      <ErrorNotice error={error} />
    </>
  );
}

/** The kiosk whose "Not you?" sent the event to review (a flag by `FacePass (automatic): kiosk <device id>`), or null:
 * its id (the entry's `device_name` is its name, which the trail shows, the id as the tooltip). */
const KIOSK_ACTOR = "FacePass (automatic): kiosk ";
function kioskOf(entry: Schemas["AuditEntry"]): string | null {
  return entry.automatic && entry.actor.startsWith(KIOSK_ACTOR) ? entry.actor.slice(KIOSK_ACTOR.length) : null;
}


/** What payroll counts (the reports' COUNTED_EVENT): a recognized event nobody flagged, or one a reviewer confirmed
 * or reassigned; never a rejected one or one awaiting review. */
function counted(event: ListedEvent): boolean {
  // Payroll's events carry no status: one nobody flagged counts when it is someone's (as the reports count it).
  const recognized = "status" in event ? event.status === "recognized" : !!event.employee;
  return event.review_state === "confirmed" || event.review_state === "reassigned"
    || (event.review_state === "none" && recognized);
}

/** The event with the face's evidence (admin, reviewer), or null: payroll's carries none. */
function withEvidence(event: ListedEvent): AttendanceEvent | null {
  return "status" in event ? event : null;
}

/** What HR decided on an event, for a role that reads no face decision (payroll): its review state. */
function ReviewStateBadge({ event }: { event: ListedEvent }) {
  const { t } = useI18n();
  const state = event.review_state ?? "none";
  if (state === "none") return null;
  return <span className={`badge ${state === "rejected" ? "bad" : state === "pending" ? "warn" : "ok"}`}
    data-testid="review-state-badge">{t(`review.state.${state}` as MessageKey)}</span>;
}

/** A repeat (a double press within the window): the first punch's time when it is listed, and whether the repeat
 * now counts. As the reports decide: it counts when it is itself counted (not rejected, not awaiting review) and its
 * first punch does not count for the same person and direction (rejected, reassigned to someone else, or a review
 * corrected the direction of either); a repeat HR reassigned to another person is that person's punch, no longer a
 * repeat of the first. */
function RepeatBadge({ repeat, original }: { repeat: ListedEvent; original: ListedEvent | undefined }) {
  const { calendar } = useConsole();
  const { t, locale } = useI18n();
  if (original && repeat.employee && counted(repeat)
      && !(counted(original) && original.employee?.id === repeat.employee.id && original.event_type === repeat.event_type)) {
    const time = formatTime(original.occurred_at, locale, calendar.timeZone);
    const movedAway = repeat.review_state === "reassigned" && original.employee?.id !== repeat.employee.id;
    return (
      <span className="badge ok" data-testid="repeat">
        {movedAway ? t("attendance.repeat.reassigned", { name: repeat.employee.full_name, time })
          : t("attendance.repeat.counts", { time })}
      </span>
    );
  }
  return (
    <span className="badge" title={t("attendance.repeat_hint")} data-testid="repeat">
      {original ? t("attendance.repeat.of", { time: formatTime(original.occurred_at, locale, calendar.timeZone) })
        : t("attendance.repeat.plain")}
    </span>
  );
}

/** " · decided by the server" beside an entry or exit POST /attendance/punch chose (a door used both ways). */
export function DirectionBadge({ event }: { event: ListedEvent }) {
  const { t } = useI18n();
  if (event.direction_source !== "auto") return null;
  return <> <span className="badge" data-testid="direction-auto" title={t("event.direction.auto.help")}>{t("event.direction.auto")}</span></>;
}

export function StatusBadge({ event }: { event: AttendanceEvent }) {
  const { t } = useI18n();
  const review = (event as { review_state?: string }).review_state;
  const kind = event.status === "recognized" ? "ok" : event.status === "rejected" ? "bad" : "warn";
  return (
    <span className={`badge ${kind}`}>
      {t(`status.${event.status}` as MessageKey)}
      {review && review !== "none" && ` · ${t(`review.state.${review}` as MessageKey)}`}
    </span>
  );
}

/** The snapshot while it is retained: a short-lived presigned link, fetched on demand. */
export function Snapshot({ event }: { event: AttendanceEvent }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (!event.snapshot_key) return <span>{t("attendance.snapshot.gone")}</span>;
  if (url) return <img className="snapshot" src={url} alt={t("attendance.snapshot")} />;
  return (
    <>
      <button type="button" className="secondary" onClick={() => {
        call(api.GET("/attendance/{event_id}/snapshot", { params: { path: { event_id: event.id } } }))
          .then((link) => setUrl(link.url), setError);
      }}>{t("attendance.show")}</button>
      <ErrorNotice error={error} />
    </>
  );
}

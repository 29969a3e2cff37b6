import { useState } from "react";
import { call, type Schemas } from "../../api/client";
import { useI18n } from "../../i18n";
import { ErrorNotice, Notice, formatTime } from "../../ui/components";
import { useConsole, usePaged } from "../context";
import { personDaysHref } from "../attendanceLinks";
import { dayWords } from "../payPeriodLock";
import { OwnPunchNote, useOwnPunch } from "../ownPunch";
import { useSendOnce } from "../sendOnce";
import { personTime } from "../timeZones";

type Item = Schemas["CorrectionRequestItem"];

/** Employees' correction requests on the Review page (README, Self-service): the open ones, oldest first, each with
 * the person, the day, their note, a link to their punches of the day, and an answer that resolves it. A request of
 * the reviewer's own record is left to another reviewer (separation of duties), as their own punches are. */
export function CorrectionRequests() {
  const { api } = useConsole();
  const { t } = useI18n();
  const [done, setDone] = useState(false);
  const open = usePaged((cursor) => call(api.GET("/attendance/corrections", {
    params: { query: { state: "open", ...(cursor ? { cursor } : {}) } } })), [api]);
  return (
    <section className="stack" aria-labelledby="corrections-title" data-testid="corrections">
      <h2 id="corrections-title">{t("corrections.title")}</h2>
      {done && <Notice kind="ok">{t("corrections.done")}</Notice>}
      <ErrorNotice error={open.error} />
      {!open.loading && !open.error && open.items.length === 0 && <p>{t("corrections.empty")}</p>}
      {open.items.map((item) => (
        <CorrectionCard key={item.id} item={item} onDone={() => { setDone(true); open.reload(); }} />
      ))}
      {open.hasMore && (
        <button type="button" className="secondary" disabled={open.loading} onClick={open.more}>{t("common.more")}</button>
      )}
    </section>
  );
}

function CorrectionCard({ item, onDone }: { item: Item; onDone: () => void }) {
  const { api, calendar } = useConsole();
  const { t, locale } = useI18n();
  const [note, setNote] = useState("");
  const [error, setError] = useState<unknown>(null);
  const send = useSendOnce();
  const own = useOwnPunch(item);
  const resolve = () => void send.once(async () => {
    setError(null);
    try {
      await call(api.POST("/attendance/corrections/{correction_id}/resolve", {
        params: { path: { correction_id: item.id } }, body: { note: note.trim() } }));
      onDone();
    } catch (cause) {
      setError(cause);
    }
  });
  return (
    <article className="card stack" data-testid="correction-item" aria-label={`${item.employee.full_name} ${item.date}`}>
      <p>
        <strong>{item.employee.full_name}</strong> · {dayWords(item.date, locale)} ·{" "}
        <a href={personDaysHref(item.employee.id, item.date, item.date)} data-testid="correction-days">{t("corrections.punches")}</a>
        {item.event_occurred_at && item.event_type && <> · <span className="badge" data-testid="correction-event">
          {t("corrections.event", { direction: t(item.event_type === "entry" ? "event.check_in" : "event.check_out"),
            time: personTime(t, item.event_occurred_at, locale, item.timezone, calendar.timeZone) })}</span></>}
        {item.event_moved && <> · <span className="badge warn" data-testid="correction-event-moved">
          {t("corrections.moved")}</span></>}
      </p>
      <blockquote data-testid="correction-note">{item.note}</blockquote>
      <p className="hint">{t("corrections.sent", { time: formatTime(item.created_at, locale, calendar.timeZone) })}</p>
      {own && <OwnPunchNote own={own} />}
      {own !== "refused" && (
        <form className="stack" aria-label={t("corrections.resolve")}
          onSubmit={(event) => { event.preventDefault(); resolve(); }}>
          <label>{t("corrections.answer")}
            <textarea value={note} maxLength={1000} required onChange={(e) => setNote(e.target.value)} />
          </label>
          <ErrorNotice error={error} />
          <div><button type="submit" disabled={send.busy || !note.trim()}>{t("corrections.resolve")}</button></div>
        </form>
      )}
    </article>
  );
}

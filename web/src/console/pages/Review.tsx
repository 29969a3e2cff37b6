import { useMemo, useState } from "react";
import { call, type Employee, type Schemas } from "../../api/client";
import type { MessageKey } from "../../i18n/en";
import { useI18n } from "../../i18n";
import { ErrorNotice, Notice, formatTime } from "../../ui/components";
import { useAsync, useConsole, usePaged } from "../context";
import { allEmployees } from "../data";
import { Snapshot, StatusBadge } from "./Attendance";

type ReviewItem = Schemas["ReviewItem"];

/** Doubtful check-ins (liveness, ambiguous, low margin, ...) wait here for a person's decision. */
export function ReviewPage() {
  const { api } = useConsole();
  const { t } = useI18n();
  const queue = usePaged((cursor) => call(api.GET("/attendance/review", {
    params: { query: { state: "pending", limit: 50, ...(cursor ? { cursor } : {}) } },
  })), [api]);
  const people = useAsync(() => allEmployees(api, true), [api]);
  const names = useMemo(() => new Map((people.data ?? []).map((p) => [p.id, p.full_name])), [people.data]);
  const [done, setDone] = useState<string | null>(null);

  return (
    <section className="stack" aria-labelledby="review-title">
      <h2 id="review-title">{t("review.title")}</h2>
      {done && <Notice kind="ok">{done}</Notice>}
      <ErrorNotice error={queue.error} />
      {!queue.loading && !queue.error && queue.items.length === 0 && <p>{t("review.empty")}</p>}
      {queue.items.map((item) => (
        <ReviewCard key={item.id} item={item} names={names} people={people.data ?? []}
          onDone={() => { setDone(t("review.done")); queue.reload(); }} />
      ))}
      {queue.hasMore && (
        <button type="button" className="secondary" disabled={queue.loading} onClick={queue.more} data-testid="more">
          {t("common.more")}
        </button>
      )}
    </section>
  );
}

function ReviewCard({ item, names, people, onDone }: { item: ReviewItem; names: Map<string, string>; people: Employee[]; onDone: () => void }) {
  const { api, calendar } = useConsole();
  const { t, locale } = useI18n();
  const [note, setNote] = useState("");
  const [other, setOther] = useState("");
  const [error, setError] = useState<unknown>(null);

  async function decide(action: "confirm" | "reassign" | "reject") {
    setError(null);
    try {
      await call(api.POST("/attendance/{event_id}/review", {
        params: { path: { event_id: item.id } },
        body: { action, ...(action === "reassign" ? { employee_id: other } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
      }));
      onDone();
    } catch (cause) {
      setError(cause);
    }
  }

  return (
    <article className="card review-item" aria-label={`${formatTime(item.occurred_at, locale, calendar.timeZone)} ${item.employee?.full_name ?? ""}`} data-testid="review-item">
      <div><Snapshot event={item} /></div>
      <div className="stack">
        <p>
          <strong>{item.employee?.full_name ?? t("status.unknown")}</strong> · {formatTime(item.occurred_at, locale, calendar.timeZone)} ·{" "}
          {t(item.event_type === "entry" ? "event.check_in" : "event.check_out")} · <StatusBadge event={item} />
        </p>
        <p>
          {(item.review_reasons ?? []).map((reason) => (
            <span key={reason} className="badge warn">{t(`review.reason.${reason}` as MessageKey)}</span>
          ))}
          {" "}{t("review.liveness")}: {item.liveness_score == null ? "—" : item.liveness_score.toFixed(2)}
        </p>
        <div>
          <strong>{t("review.candidates")}</strong>
          <ul className="people">
            {(item.candidates ?? []).map((candidate) => (
              <li key={candidate.employee_id}>{names.get(candidate.employee_id) ?? candidate.employee_id} · {candidate.similarity.toFixed(3)}</li>
            ))}
          </ul>
        </div>
        <label>{t("review.note")}<textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={1000} /></label>
        <div className="row">
          {item.employee && <button type="button" onClick={() => void decide("confirm")}>{t("review.confirm")}</button>}
          <label>{t("review.reassign")}
            <select value={other} onChange={(e) => setOther(e.target.value)}>
              <option value="">—</option>
              {(item.candidates ?? []).map((c) => <option key={`c-${c.employee_id}`} value={c.employee_id}>{names.get(c.employee_id) ?? c.employee_id}</option>)}
              {people.filter((p) => !(item.candidates ?? []).some((c) => c.employee_id === p.id)).map((p) => <option key={p.id} value={p.id}>{p.full_name}</option>)}
            </select>
          </label>
          <button type="button" className="secondary" disabled={!other} onClick={() => void decide("reassign")}>{t("review.reassign.go")}</button>
          <button type="button" className="danger" onClick={() => void decide("reject")}>{t("review.reject")}</button>
        </div>
        <ErrorNotice error={error} />
      </div>
    </article>
  );
}

import { useState } from "react";
import { call, type AttendanceEvent, type Employee } from "../../api/client";
import { useI18n } from "../../i18n";
import { ErrorNotice } from "../../ui/components";
import { useConsole } from "../context";

/** Confirm, reassign or reject one event, with a note (POST /attendance/{id}/review, audited): the review queue
 * uses it for flagged events, the attendance list to correct any event. */
export function ReviewDecision({ event, candidates, names, people, onDone }: { event: AttendanceEvent; candidates: string[];
  names: Map<string, string>; people: Employee[]; onDone: () => void }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const [note, setNote] = useState("");
  const [other, setOther] = useState("");
  const [error, setError] = useState<unknown>(null);

  async function decide(action: "confirm" | "reassign" | "reject") {
    setError(null);
    try {
      await call(api.POST("/attendance/{event_id}/review", {
        params: { path: { event_id: event.id } },
        body: { action, ...(action === "reassign" ? { employee_id: other } : {}), ...(note.trim() ? { note: note.trim() } : {}) },
      }));
      onDone();
    } catch (cause) {
      setError(cause);
    }
  }

  return (
    <div className="stack">
      <label>{t("review.note")}<textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={1000} /></label>
      <div className="row">
        {event.employee && <button type="button" onClick={() => void decide("confirm")}>{t("review.confirm")}</button>}
        <label>{t("review.reassign")}
          <select value={other} onChange={(e) => setOther(e.target.value)}>
            <option value="">—</option>
            {candidates.map((id) => <option key={`c-${id}`} value={id}>{names.get(id) ?? id}</option>)}
            {people.filter((p) => !candidates.includes(p.id)).map((p) => <option key={p.id} value={p.id}>{p.full_name}</option>)}
          </select>
        </label>
        <button type="button" className="secondary" disabled={!other} onClick={() => void decide("reassign")}>{t("review.reassign.go")}</button>
        <button type="button" className="danger" onClick={() => void decide("reject")}>{t("review.reject")}</button>
      </div>
      <ErrorNotice error={error} />
    </div>
  );
}

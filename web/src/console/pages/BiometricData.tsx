import { useState } from "react";
import { call, saveBlob, type Employee, type Schemas } from "../../api/client";
import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/en";
import { ErrorNotice, formatTime, TableScroll } from "../../ui/components";
import { useConsole } from "../context";

type Report = Schemas["BiometricDataReport"];
type Relation = Schemas["PhotoOfPerson"]["relation"];

const RELATION_TEXT: Record<Relation, MessageKey> = {
  own: "biodata.relation.own", matched: "biodata.relation.matched", candidate: "biodata.relation.candidate",
  bystander: "biodata.relation.bystander",
};

/** An access request's answer (GET /employees/{id}/biometric-data): what FacePass holds about the person's face, read
 * when HR asks for it (not on every page view), and downloadable as the JSON the API gave. */
export function BiometricDataCard({ person }: { person: Employee }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function load() {
    setBusy(true);
    setError(null);
    try {
      setReport(await call(api.GET("/employees/{employee_id}/biometric-data",
        { params: { path: { employee_id: person.id } } })));
    } catch (cause) {
      setError(cause);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card stack" aria-labelledby="biodata-title" data-testid="biometric-data">
      <h3 id="biodata-title">{t("biodata.title")}</h3>
      <p>{t("biodata.intro")}</p>
      <div className="row">
        <button type="button" onClick={() => void load()} disabled={busy}>
          {t(report ? "biodata.reload" : "biodata.show")}
        </button>
        {report && (
          <button type="button" onClick={() => saveBlob(new Blob([JSON.stringify(report, null, 2)],
            { type: "application/json" }), `biometric-data-${person.id}-${report.generated_at.slice(0, 10)}.json`)}>
            {t("biodata.download")}
          </button>
        )}
      </div>
      <ErrorNotice error={error} />
      {report && <ReportView report={report} />}
    </section>
  );
}

function ReportView({ report }: { report: Report }) {
  const { calendar } = useConsole();
  const { t, locale } = useI18n();
  const counts: [MessageKey, number][] = [
    ["biodata.faces", report.faces.length],
    ["biodata.heldPhotos", report.held_photos.length],
    ["biodata.uploadsWaiting", report.uploads_waiting],
    ["biodata.photos", report.photos.length],
    ["biodata.scoredPunches", report.scored_punches],
    ["biodata.scoredTickets", report.scored_tickets],
    ["biodata.heldAsTheirs", report.held_as_possibly_theirs],
    ["biodata.enrollmentRecords", report.enrollment_records],
    ["biodata.auditEntries", report.scored_audit_entries],
    ["biodata.storedAnswers", report.stored_answers_naming],
  ];
  return (
    <div className="stack">
      <ul className="people" data-testid="biodata-counts">
        {counts.map(([key, count]) => <li key={key} data-count={count}>{t(key, { count })}</li>)}
      </ul>
      {report.photos.length > 0 && (
        <TableScroll label={t("biodata.photosTable")}>
          <table>
            <thead>
              <tr><th>{t("biodata.col.taken")}</th><th>{t("biodata.col.relation")}</th><th>{t("biodata.col.deletedBy")}</th></tr>
            </thead>
            <tbody>
              {report.photos.map((photo) => (
                <tr key={photo.event_id} data-testid="biodata-photo" data-event-id={photo.event_id}>
                  <td>{formatTime(photo.occurred_at, locale, calendar.timeZone)}</td>
                  <td>{t(RELATION_TEXT[photo.relation])}</td>
                  <td>{photo.deleted_by}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <p className="hint">{t("biodata.accessLog")}</p>
    </div>
  );
}

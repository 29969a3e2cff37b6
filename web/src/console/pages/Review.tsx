import { useEffect, useMemo, useRef, useState } from "react";
import { call, type Person, type Schemas } from "../../api/client";
import type { MessageKey } from "../../i18n/en";
import { formatAgainst, formatNumber, useI18n } from "../../i18n";
import { ErrorNotice, Notice, formatDateIn } from "../../ui/components";
import { useAsync, useConsole, usePaged } from "../context";
import { allEmployees, personLabel } from "../data";
import { RECENT_DAYS, linkedFilters, personDaysHref, recentDaysHref } from "../attendanceLinks";
import { dayWords } from "../payPeriodLock";
import { AuditTrail, DirectionBadge, Snapshot, StatusBadge } from "./Attendance";
import { decidedWithoutText } from "../conflicts";
import { ReviewDecision } from "./ReviewDecision";
import { CorrectionRequests } from "./CorrectionRequests";
import { PersonTime, personTime } from "../timeZones";

type ReviewItem = Schemas["ReviewItem"];

/** Doubtful check-ins (liveness, ambiguous, low margin, ...) wait here for a person's decision. `linked`: the
 * address's query; "employee_id=…" (a timesheet row's pending link) shows that person's punches alone, and
 * "date_from=…&date_to=…" (the timesheet's period, a refused close's days) those of the days (the report zone's; with
 * a person, theirs); "ids=…" (a refused close's or the timesheet's awaiting-review link) exactly those punches. */
export function ReviewPage({ linked = "" }: { linked?: string }) {
  const { api } = useConsole();
  const { t, locale } = useI18n();
  const filters = linkedFilters(linked);
  const only = filters.employee_id ?? null;
  const { date_from: first, date_to: last, ids } = filters;
  const queue = usePaged((cursor) => call(api.GET("/attendance/review", {
    params: { query: { state: "pending", limit: 50, ...(only ? { employee_id: only } : {}),
      ...(first ? { date_from: first } : {}), ...(last ? { date_to: last } : {}), ...(ids ? { ids } : {}),
      ...(cursor ? { cursor } : {}) } },
  })), [api, only, first, last, ids]);
  // Everyone, deactivated and erased people too: candidates are named, never shown as bare ids.
  const people = useAsync(() => allEmployees(api), [api]);
  const byId = useMemo(() => (people.data ? new Map(people.data.map((p) => [p.id, p])) : null), [people.data]);
  const [done, setDone] = useState<string | null>(null);
  // After a decision the decided card leaves the queue: the keyboard focus goes to the card that took its place (the
  // next one), else the last, else the heading, never to the page's body.
  const section = useRef<HTMLElement>(null);
  const focusAt = useRef<number | null>(null);
  useEffect(() => {
    if (focusAt.current === null || queue.loading) return;
    const cards = section.current?.querySelectorAll<HTMLElement>("[data-testid=review-item]") ?? [];
    const target = cards[Math.min(focusAt.current, cards.length - 1)] ?? section.current?.querySelector<HTMLElement>("h2");
    focusAt.current = null;
    target?.focus();
  }, [queue.items, queue.loading]);
  // Cards on a closed pay period's days (in_closed_period: no reviewer can decide them until payroll reopens) come
  // after the ones a reviewer can decide; each group keeps the API's order (oldest first). Of the cards loaded: the
  // queue's pages are read in the API's order.
  const cards = useMemo(() => [...queue.items].sort((a, b) => Number(a.in_closed_period) - Number(b.in_closed_period)),
    [queue.items]);

  return (
    <section className="stack" aria-labelledby="review-title" ref={section}>
      <h2 id="review-title" tabIndex={-1}>{t("review.title")}</h2>
      {only && (
        <p data-testid="review-only">
          {t("review.only", { name: byId ? personLabel(t, byId, only) : "…" })} <a href="#/review">{t("review.only.all")}</a>
        </p>
      )}
      {ids && (
        <p data-testid="review-ids">
          {t("review.ids", { count: ids.split(",").length })}{" "}
          <a href="#/review">{t("review.only.all")}</a>
        </p>
      )}
      {(first || last) && (
        <p data-testid="review-days">
          {t("review.days", { first: first ? dayWords(first, locale) : "…", last: last ? dayWords(last, locale) : "…" })}{" "}
          <a href="#/review">{t("review.only.all")}</a>
        </p>
      )}
      {done && <Notice kind="ok">{done}</Notice>}
      <ErrorNotice error={queue.error} />
      {!queue.loading && !queue.error && queue.items.length === 0 && <p>{t("review.empty")}</p>}
      {cards.map((item, index) => (
        <ReviewCard key={item.id} item={item} byId={byId} people={people.data ?? []} peopleFailed={people.error !== undefined}
          onDone={() => { focusAt.current = index; setDone(t("review.done")); queue.reload(); }} onReload={queue.reload} />
      ))}
      {queue.hasMore && (
        <button type="button" className="secondary" disabled={queue.loading} onClick={queue.more} data-testid="more">
          {t("common.more")}
        </button>
      )}
      {/* Employees' "Something wrong?" requests (self-service): not on a page filtered to some punches. */}
      {!only && !ids && !first && !last && <CorrectionRequests />}
    </section>
  );
}

function ReviewCard({ item, byId, people, peopleFailed, onDone, onReload }: { item: ReviewItem;
  byId: Map<string, Person> | null; people: Person[]; peopleFailed: boolean; onDone: () => void; onReload: () => void }) {
  const { calendar } = useConsole();
  const { t, locale } = useI18n();
  // The cuts the punch was decided by; none for one stored before they were kept (its scores then stand alone).
  const cuts = item.thresholds ?? null;
  // The punch on its person's wall clock: their zone now (the item names none), the report zone for nobody's;
  // unknown ("…") until the people load, never the report zone's time unnamed in the meantime; if they cannot be
  // read, the report zone's, as the card said before it knew people's zones (never "…" for good).
  const zone = !item.employee || peopleFailed ? calendar.timeZone
    : byId ? byId.get(item.employee.id)?.timezone ?? calendar.timeZone : null;
  const when = zone ? personTime(t, item.occurred_at, locale, zone, calendar.timeZone) : "…";

  /** A reason's words; a doubtful direction by its real cause where the item says it, else neutrally. */
  function reasonText(reason: string): string {
    if (reason !== "direction_uncertain") return t(`review.reason.${reason}` as MessageKey);
    if (item.decided_without) {
      return t("review.reason.direction_uncertain.flagged",
        { why: decidedWithoutText(t, item.decided_without, locale, calendar.timeZone) });
    }
    if (item.direction_doubt) return t(`review.reason.direction_uncertain.${item.direction_doubt}` as MessageKey);
    return t("review.reason.direction_uncertain");
  }

  return (
    <article className="card review-item" tabIndex={-1} aria-label={`${when} ${item.employee?.full_name ?? ""}`} data-testid="review-item" data-closed-period={item.in_closed_period ? "true" : undefined}>
      <div><Snapshot event={item} /></div>
      <div className="stack">
        <p>
          <strong>{!item.employee ? t("status.unknown") : byId?.get(item.employee.id)?.is_active === false
            ? t("review.person.inactive", { name: item.employee.full_name }) : item.employee.full_name}</strong> ·{" "}
          {zone ? <PersonTime value={item.occurred_at} zone={zone} testId="review-time" /> : "…"} ·{" "}
          {t(item.event_type === "entry" ? "event.check_in" : "event.check_out")}
          <DirectionBadge event={item} />
          {" · "}<StatusBadge event={item} />
          {/* The kiosk that recorded it (that a "Not you?" came from): the name HR gave it, its id as the tooltip. */}
          {item.device_id && <>{" · "}<span data-testid="review-kiosk" title={item.device_id}>
            {t("review.kiosk", { name: item.device_name ?? item.device_id })}</span></>}
        </p>
        {/* A repeat disputed at its kiosk ("Not you?" on the repeat answer): the punch it repeats kept counting. */}
        {item.counted_original != null && (item.review_reasons ?? []).includes("disputed_at_kiosk") && (
          <p data-testid="review-repeat-counts">
            {t("review.repeat.counts", { id: item.counted_original })}{" "}
            {item.employee && <a href={originalDayHref(item.employee.id, item.occurred_at, zone ?? calendar.timeZone)}
              data-testid="review-repeat-original">
              {t("review.repeat.open", { id: item.counted_original })}</a>}
          </p>
        )}
        {/* Why it is here, and who changed it before (a flag of FacePass's, an earlier decision). */}
        <div data-testid="review-history"><AuditTrail event={item} /></div>
        <p>
          {(item.review_reasons ?? []).map((reason) => (
            <span key={reason} className="badge warn" data-testid={`reason-${reason}`}>{reasonText(reason)}</span>
          ))}
          {" "}{t("review.liveness")}: <ScoreAndCut score={item.liveness_score} cut={cuts?.liveness_threshold} decimals={2}
            scoreId="review-liveness" cutId="liveness-cut" cutWords={(cut) => t("review.cut.live", { cut })} />
        </p>
        <ScoreWords item={item} />
        {(item.candidates ?? []).length > 0 && (
          <div>
            <strong>{t("review.candidates")}</strong>
            <ul className="people">
              {(item.candidates ?? []).map((candidate) => (
                <li key={candidate.employee_id}>
                  {/* Their recent days with the snapshots still kept: the doubtful photo compared with their check-ins. */}
                  <a href={recentDaysHref(candidate.employee_id, calendar.today)} data-testid="candidate-days"
                    title={t("review.candidate.days", { days: RECENT_DAYS })}>{byId ? personLabel(t, byId, candidate.employee_id) : "…"}</a> · <ScoreAndCut score={candidate.similarity} cut={cuts?.match_threshold} decimals={3}
                    scoreId="candidate-score" cutId="match-cut" cutWords={(cut) => t("review.cut.match", { cut })}
                    cutTitle={cuts ? t("review.cut.match.help", { size: cuts.gallery_size,
                      rate: formatNumber(cuts.expected_fpir * 100, locale, 2) }) : undefined} />
                </li>
              ))}
            </ul>
          </div>
        )}
        {/* A closed pay period's day: a confirm or reject would be refused (409 period_closed), and only payroll
            reopens; no decision is offered, the card says who can act. */}
        {item.in_closed_period ? (
          <Notice kind="info"><span data-testid="review-closed-period">
            {t("review.closedPeriod", { day: dayWords(item.closed_day ?? formatDateIn(item.occurred_at, calendar.timeZone), locale) })}
          </span></Notice>
        ) : (
          <ReviewDecision event={item} candidates={(item.candidates ?? []).map((c) => c.employee_id)} people={people}
            onDone={onDone} onReload={onReload} />
        )}
      </div>
    </article>
  );
}

/** A score ("—" when none) and, when the punch kept it, the cut it was decided by in words: both formatted together
 * (formatAgainst), so a score short of its cut never reads as meeting it. */
function ScoreAndCut({ score, cut, decimals, scoreId, cutId, cutWords, cutTitle }: { score: number | null | undefined;
  cut: number | null | undefined; decimals: number; scoreId: string; cutId: string; cutWords: (cut: string) => string;
  cutTitle?: string }) {
  const { locale } = useI18n();
  if (score == null) return <span data-testid={scoreId}>—</span>;
  const [scoreText, cutText] = formatAgainst(score, cut ?? score, locale, decimals);
  return (
    <>
      <span data-testid={scoreId}>{scoreText}</span>
      {cut != null && <span className="hint" data-testid={cutId} title={cutTitle}> {cutWords(cutText)}</span>}
    </>
  );
}

/** The lead over the next person and the likeness to an enrolled photo, in words saying why they were flagged:
 * against the cut the check used when it was kept, else the bare number. */
function ScoreWords({ item }: { item: ReviewItem }) {
  const { t, locale } = useI18n();
  const reasons = item.review_reasons ?? [];
  const cuts = item.thresholds ?? null;
  const number = (value: number) => formatNumber(value, locale, 2);
  const against = (value: number, cut: number) => formatAgainst(value, cut, locale, 2);
  // low_margin: the review margin; ambiguous: the match margin (a lead under it is no match at all).
  const needed = !cuts ? null : reasons.includes("low_margin") ? cuts.review_margin
    : reasons.includes("ambiguous") ? cuts.match_margin : null;
  const margin = item.margin;
  const copy = reasons.includes("replay") && item.replay_similarity != null ? item.replay_similarity : null;
  if (margin == null && copy == null) return null;
  const [lead, leadNeeded] = margin != null && needed != null ? against(margin, needed) : ["", ""];
  const [likeness, copyCut] = copy != null && cuts?.replay_threshold != null ? against(copy, cuts.replay_threshold)
    : ["", ""];
  return (
    <p>
      {margin != null && (
        <span data-testid="review-margin">{needed != null
          ? t("review.margin.short", { margin: lead, needed: leadNeeded })
          : t("review.margin.lead", { margin: number(margin) })}</span>)}
      {margin != null && copy != null && " · "}
      {copy != null && (
        <span data-testid="review-replay">{cuts?.replay_threshold != null
          ? t("review.replay.cut", { score: likeness, cut: copyCut })
          : t("review.replay.copy", { score: number(copy) })}</span>)}
    </p>
  );
}

/** The person's day a repeat's original was punched on (within seconds of the repeat): their day, in their zone, as
 * the timesheet's and the daily report's links name it (the Attendance page lists a person's days in their zone). */
function originalDayHref(employeeId: string, at: string, timeZone: string): string {
  const day = formatDateIn(at, timeZone);
  return personDaysHref(employeeId, day, day, { at, timeZone });
}

import { useRef, useState, type FormEvent } from "react";
import { call, type Schemas } from "../../api/client";
import { useI18n } from "../../i18n";
import { ErrorNotice, Notice, TableScroll, formatTime } from "../../ui/components";
import { useAsync, useConsole } from "../context";
import { useSendOnce } from "../sendOnce";

type Scoped = Schemas["ReviewerDepartments"];
type Unscoped = Schemas["UnscopedReviewer"];
const SEES_EVERYONE = ["admin", "payroll"];

/** Who reviews whom (README Roles, "Reviewers scoped to departments"): an admin gives a supervisor's console user the
 * departments they review; the supervisor then sees and decides only those people's punches. A user with none set
 * (and every admin and payroll user) sees everyone. A scoped name nobody signed in with says so (a typo leaves the
 * real user unscoped), and the reviewers seen without departments are listed, each with a button to set theirs. */
export function AccessPage() {
  const { t } = useI18n();
  return (
    <section className="stack" aria-labelledby="access-title">
      <h2 id="access-title">{t("access.title")}</h2>
      <p>{t("access.help")}</p>
      <ReviewerDepartments />
    </section>
  );
}

function ReviewerDepartments() {
  const { api, calendar } = useConsole();
  const { t, locale } = useI18n();
  const scoped = useAsync(() => call(api.GET("/reviewer-departments")), [api]);
  const departments = useAsync(() => call(api.GET("/employees/departments")), [api]);
  const [username, setUsername] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  // The listed user whose departments the form holds now (typed or from their row's Edit): a save replaces the
  // whole set, so it starts from theirs, never from an empty one.
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<Scoped | null>(null);
  const { once, sending, busy } = useSendOnce();
  const usernameInput = useRef<HTMLInputElement>(null);

  /** Open the form for a user who sees everyone now (no departments yet). */
  function startFor(item: Unscoped) {
    setSaved(null);
    setUsername(item.username);
    setChosen([]);
    setLoadedFor(null);
    usernameInput.current?.scrollIntoView({ block: "center" });
    usernameInput.current?.focus();
  }

  async function save(name: string, wanted: string[]) {
    await once(async () => {
      setError(null);
      setSaved(null);
      try {
        const answer = await call(api.PUT("/reviewer-departments/{username}", {
          params: { path: { username: name } }, body: { departments: wanted } }));
        setSaved(answer);
        setUsername("");
        setChosen([]);
        setLoadedFor(null);
        scoped.reload();
      } catch (cause) {
        setError(cause);
      }
    });
  }

  /** The listed user of this name (matched as the server stores names: trimmed, any case), if any. */
  function listed(name: string): Scoped | undefined {
    const key = name.trim().toLowerCase();
    return scoped.data?.items.find((item) => item.username === key);
  }

  function typed(name: string) {
    setUsername(name);
    const match = listed(name);
    if (match) {
      if (loadedFor !== match.username) {
        setChosen(match.departments);
        setLoadedFor(match.username);
      }
    } else if (loadedFor !== null) {  // typed on past a listed user: their departments are not this one's
      setChosen([]);
      setLoadedFor(null);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (sending()) return;
    const name = username.trim();
    const dropped = (listed(name)?.departments ?? []).filter((department) => !chosen.includes(department));
    if (dropped.length > 0 && !window.confirm(chosen.length === 0
      ? t("access.remove.confirm", { name: name.toLowerCase() })
      : t("access.drop.confirm", { name: name.toLowerCase(), departments: dropped.join(", ") }))) return;
    void save(name, chosen);
  }

  // A department someone already reviews that no employee holds any more stays choosable for them (to remove it).
  const choices = [...new Set([...(departments.data?.items ?? []), ...chosen])];
  return (
    <>
      <form className="card stack" onSubmit={submit} aria-label={t("access.form")} data-testid="scope-form">
        <label>{t("access.username")}
          <input name="username" required maxLength={128} value={username} autoComplete="off"
            onChange={(event) => typed(event.target.value)} data-testid="scope-username" ref={usernameInput} />
        </label>
        {loadedFor && <p className="hint" data-testid="scope-loaded">{t("access.loaded", { name: loadedFor })}</p>}
        <fieldset>
          <legend>{t("access.departments")}</legend>
          {departments.data && choices.length === 0 && <p>{t("access.noDepartments")}</p>}
          <div className="row">
            {choices.map((name) => (
              <label key={name}>
                <input type="checkbox" checked={chosen.includes(name)} data-department={name}
                  onChange={(event) => setChosen((now) => event.target.checked ? [...now, name] : now.filter((item) => item !== name))} />
                {name}
              </label>
            ))}
          </div>
        </fieldset>
        <p className="hint">{t("access.emptyMeans")}</p>
        <button type="submit" disabled={busy || !username.trim()} data-testid="scope-save">{t("common.save")}</button>
      </form>
      {saved && (
        <Notice kind="ok">
          <span data-testid="scope-saved">
            {saved.departments.length
              ? t("access.saved", { name: saved.username, departments: saved.departments.join(", ") })
              : t("access.removed", { name: saved.username })}
          </span>
        </Notice>
      )}
      {saved?.warning && (
        <Notice kind="warn">
          <span data-testid="scope-warning">{t(`access.warning.${saved.warning.code}`, { name: saved.username })}</span>
        </Notice>
      )}
      <ErrorNotice error={error ?? scoped.error ?? departments.error}
        fields={{ departments: t("access.departments"), username: t("access.username") }} />
      {scoped.data && scoped.data.items.length === 0 && <p>{t("access.none")}</p>}
      {scoped.data && scoped.data.items.length > 0 && (
        <TableScroll label={t("access.title")}>
          <table data-testid="scoped-users">
            <thead><tr><th>{t("access.username")}</th><th>{t("access.departments")}</th><th>{t("access.lastSeen")}</th>
              <th>{t("access.changed")}</th>
              <th><span className="visually-hidden">{t("access.actions")}</span></th></tr></thead>
            <tbody>
              {scoped.data.items.map((item) => (
                <tr key={item.username} data-user={item.username}>
                  <td className="text">{item.username}</td>
                  <td className="text" data-testid="scoped-departments">{item.departments.join(", ")}</td>
                  <td data-testid="scoped-last-seen">
                    {item.last_seen_at
                      ? formatTime(item.last_seen_at, locale, calendar.timeZone)
                      : <strong className="warn-text" data-testid="never-signed-in">{t("access.neverSignedIn")}</strong>}
                    {item.roles?.some((role) => SEES_EVERYONE.includes(role)) && (
                      <> <span className="badge" data-testid="sees-everyone">{t("access.seesEveryone")}</span></>)}
                  </td>
                  <td>{item.changed_by ? t("access.changedBy", { name: item.changed_by,
                    time: formatTime(item.changed_at, locale, calendar.timeZone) }) : "—"}</td>
                  <td className="row">
                    <button type="button" className="secondary" disabled={busy} onClick={() => {
                      setUsername(item.username);
                      setChosen(item.departments);
                      setLoadedFor(item.username);
                    }}>{t("access.edit")}</button>
                    <button type="button" className="danger" disabled={busy} onClick={() => {
                      if (sending()) return;
                      if (window.confirm(t("access.remove.confirm", { name: item.username }))) void save(item.username, []);
                    }}>{t("access.remove")}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {scoped.data && <UnscopedReviewers items={scoped.data.unscoped_reviewers ?? []} busy={busy} onSet={startFor} />}
    </>
  );
}

/** The reviewers seen without departments (and neither admin nor payroll): they see everyone's punches and photos. */
function UnscopedReviewers({ items, busy, onSet }: { items: Unscoped[]; busy: boolean; onSet: (item: Unscoped) => void }) {
  const { calendar } = useConsole();
  const { t, locale } = useI18n();
  return (
    <section className="stack" aria-labelledby="unscoped-title" data-testid="unscoped-section">
      <h3 id="unscoped-title">{t("access.unscoped.title")}</h3>
      <p>{t("access.unscoped.help")}</p>
      {items.length === 0 && <p data-testid="unscoped-none">{t("access.unscoped.none")}</p>}
      {items.length > 0 && (
        <TableScroll label={t("access.unscoped.title")}>
          <table data-testid="unscoped-reviewers">
            <thead><tr><th>{t("access.username")}</th><th>{t("access.lastSeen")}</th>
              <th><span className="visually-hidden">{t("access.actions")}</span></th></tr></thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.username} data-user={item.username}>
                  <td className="text">{item.username}</td>
                  <td>{formatTime(item.last_seen_at, locale, calendar.timeZone)}</td>
                  <td>
                    <button type="button" className="secondary" disabled={busy} onClick={() => onSet(item)}
                      aria-label={t("access.unscoped.setFor", { name: item.username })}>
                      {t("access.unscoped.set")}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}

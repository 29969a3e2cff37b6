import { useEffect, useId, useMemo, useState } from "react";
import { call, type Api, type Person } from "../api/client";
import { useI18n } from "../i18n";
import { useAsync, useConsole } from "./context";
import { personName } from "./data";

/** How many people a search offers: the first ones by name, as the Employees page's search finds them. */
const OFFERED = 20;

/** The person `name` names: the one labelled so (id, label; any case), else the search's only match (`found`);
 * undefined for nobody or several. The picker's rule, for what it offers and for a text sent before it answered. */
function namedPerson(name: string, labels: Iterable<[string, string]>, found: readonly Person[]): string | undefined {
  const named = [...labels].filter(([, label]) => label.toLowerCase() === name.toLowerCase());
  if (named.length === 1) return named[0]![0];
  return found.length === 1 ? found[0]!.id : undefined;
}

/** What tells two people of one name apart: their email (an admin reads it), else their department, else the start
 * of their id (the others read no email). */
function otherName(person: Person): string {
  return "email" in person ? person.email : person.department ?? person.id.slice(0, 8);
}

/** The person a typed text names, as the picker reads it: the one of that name (any case; "name · email" tells two
 * apart), else the search's only match; null for an empty text (everyone), undefined for nobody or several. For a
 * text submitted before the picker's own search answered. */
export async function findPerson(api: Api, typed: string): Promise<string | null | undefined> {
  const text = typed.trim();
  if (!text) return null;
  const [name, other] = text.split(" · ");
  // "name · email" searches the email (an admin's); the others' search matches names only.
  const page = await call(api.GET("/employees", { params: { query: { q: other?.includes("@") ? other : name!,
    limit: OFFERED } } }));
  return namedPerson(name!, page.items.map((person) => [person.id, person.full_name]), page.items);
}

/** A person picked by name: typing searches the employees as the Employees page does (part of the name or email, any
 * case), the matches are offered as suggestions; `onPick` gets the one whose name was picked or typed whole (a single
 * match is that one), null for none (empty: everyone), undefined while the text names nobody. Two people of one name
 * are told apart by their email. `initial`: the person the page was opened for (a timesheet row's link), as the page
 * read them: named in the field. */
export function EmployeePicker({ label, initial, onPick }: { label: string; initial?: Person | null;
  onPick: (id: string | null | undefined) => void }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const listId = useId();
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  // Once, when it loads: a switch of language must not undo what was typed since.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => { if (initial) setText(personName(t, initial)); }, [initial]);
  useEffect(() => { // search once the user pauses
    const timer = window.setTimeout(() => setQuery(text.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [text]);
  const found = useAsync(() => query
    ? call(api.GET("/employees", { params: { query: { q: query, limit: OFFERED } } })).then((page) => page.items)
    : Promise.resolve([] as Person[]), [api, query]);
  const labels = useMemo(() => {
    const people = [...(found.data ?? []), ...(initial ? [initial] : [])];
    const named = new Map<string, number>();
    for (const person of people) named.set(person.full_name, (named.get(person.full_name) ?? 0) + 1);
    return new Map(people.map((person) => [person.id, (named.get(person.full_name) ?? 0) > 1
      ? `${personName(t, person)} · ${otherName(person)}` : personName(t, person)]));
  }, [found.data, initial, t]);

  useEffect(() => {
    const typed = text.trim();
    if (!typed) return onPick(null);
    onPick(namedPerson(typed, labels, query === typed && !found.loading ? found.data ?? [] : []));
  }, [text, labels, found.data, found.loading, query, onPick]);

  return (
    <label>{label}
      <input type="search" name="employee" list={listId} value={text} onChange={(event) => setText(event.target.value)}
        placeholder={t("employees.search")} autoComplete="off" data-testid="employee-picker" />
      <datalist id={listId}>
        {[...labels].map(([id, name]) => <option key={id} value={name} />)}
      </datalist>
    </label>
  );
}

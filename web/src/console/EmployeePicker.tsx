import { useEffect, useId, useMemo, useState } from "react";
import { call, type Api, type Employee } from "../api/client";
import { useI18n } from "../i18n";
import { useAsync, useConsole } from "./context";
import { personName } from "./data";

/** How many people a search offers: the first ones by name, as the Employees page's search finds them. */
const OFFERED = 20;

/** The person a typed text names, as the picker reads it: the one of that name (any case; "name · email" tells two
 * apart), else the search's only match; null for an empty text (everyone), undefined for nobody or several. For a
 * text submitted before the picker's own search answered. */
export async function findPerson(api: Api, typed: string): Promise<string | null | undefined> {
  const text = typed.trim();
  if (!text) return null;
  const name = text.split(" · ")[0]!.toLowerCase();
  const page = await call(api.GET("/employees", { params: { query: { q: text.includes(" · ") ? text.split(" · ")[1]! : text,
    limit: OFFERED } } }));
  const named = page.items.filter((person) => person.full_name.toLowerCase() === name);
  if (named.length === 1) return named[0]!.id;
  return page.items.length === 1 ? page.items[0]!.id : undefined;
}

/** A person picked by name: typing searches the employees as the Employees page does (part of the name or email, any
 * case), the matches are offered as suggestions; `onPick` gets the one whose name was picked or typed whole (a single
 * match is that one), null for none (empty: everyone), undefined while the text names nobody. Two people of one name
 * are told apart by their email. */
export function EmployeePicker({ label, initialId, onPick }: { label: string; initialId?: string;
  onPick: (id: string | null | undefined) => void }) {
  const { api } = useConsole();
  const { t } = useI18n();
  const listId = useId();
  const [text, setText] = useState("");
  const [query, setQuery] = useState("");
  // The person the page was opened for (a timesheet row's link): named in the field.
  const initial = useAsync(() => initialId
    ? call(api.GET("/employees/{employee_id}", { params: { path: { employee_id: initialId } } }))
    : Promise.resolve(null), [api, initialId]);
  // Once, when it loads: a switch of language must not undo what was typed since.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => { if (initial.data) setText(personName(t, initial.data)); }, [initial.data]);
  useEffect(() => { // search once the user pauses
    const timer = window.setTimeout(() => setQuery(text.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [text]);
  const found = useAsync(() => query
    ? call(api.GET("/employees", { params: { query: { q: query, limit: OFFERED } } })).then((page) => page.items)
    : Promise.resolve([] as Employee[]), [api, query]);
  const labels = useMemo(() => {
    const people = [...(found.data ?? []), ...(initial.data ? [initial.data] : [])];
    const named = new Map<string, number>();
    for (const person of people) named.set(person.full_name, (named.get(person.full_name) ?? 0) + 1);
    return new Map(people.map((person) => [person.id, (named.get(person.full_name) ?? 0) > 1
      ? `${personName(t, person)} · ${person.email}` : personName(t, person)]));
  }, [found.data, initial.data, t]);

  useEffect(() => {
    const typed = text.trim();
    if (!typed) return onPick(null);
    const exact = [...labels].filter(([, name]) => name === typed || name.toLowerCase() === typed.toLowerCase());
    if (exact.length === 1) return onPick(exact[0]![0]);
    const matches = found.data ?? [];
    onPick(query === typed && !found.loading && matches.length === 1 ? matches[0]!.id : undefined);
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

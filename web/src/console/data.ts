// Reads the console needs in more than one page.
import { call, type Api, type Employee, type Schemas } from "../api/client";

export type AttendancePageData = Schemas["AttendancePage"];

/** Every employee (all pages), for name look-ups and today's overview. */
export async function allEmployees(api: Api, active?: boolean): Promise<Employee[]> {
  const people: Employee[] = [];
  let cursor: string | null | undefined = undefined;
  do {
    const page: Schemas["EmployeePage"] = await call(api.GET("/employees", {
      params: { query: { limit: 200, ...(cursor ? { cursor } : {}), ...(active === undefined ? {} : { active }) } },
    }));
    people.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return people;
}

/** JSON routes that can also answer CSV are typed as a union: keep the JSON side. */
export function json<T extends object>(value: T | string): T {
  if (typeof value === "string") throw new Error("expected JSON, got text");
  return value;
}

// How a deadline of the API looks today. The dates themselves come from the API (received,
// target, due, extended); this only compares them with today's date in Amsterdam.

export type Light = "groen" | "oranje" | "rood" | "grijs";

export interface Deadlines {
  target_date: string;
  due_date: string;
  extended_due_date: string | null;
  status_group?: string;
}

export function todayInAmsterdam(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Amsterdam" }).format(now);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

/** Green until the target date, orange up to the (extended) due date, red after it; grey once closed. */
export function light(d: Deadlines, today: string = todayInAmsterdam()): { light: Light; days: number; text: string } {
  const due = d.extended_due_date || d.due_date;
  const days = daysBetween(today, due);
  if (d.status_group === "closed") return { light: "grijs", days, text: "Gesloten" };
  if (days < 0) return { light: "rood", days, text: `${-days} ${-days === 1 ? "dag" : "dagen"} te laat` };
  if (today > d.target_date) return { light: "oranje", days, text: `Streefdatum voorbij, nog ${days} ${days === 1 ? "dag" : "dagen"}` };
  return { light: "groen", days, text: `Nog ${days} ${days === 1 ? "dag" : "dagen"}` };
}

/** Hours and minutes left of the 72 hours to tell the AP, from the API's due timestamp. */
export function countdown(dueAt: string, now: number = Date.now()): { overdue: boolean; text: string } {
  const ms = Date.parse(dueAt) - now;
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const text = `${h} u ${String(m).padStart(2, "0")} min`;
  return ms < 0 ? { overdue: true, text: `${text} te laat` } : { overdue: false, text: `nog ${text}` };
}

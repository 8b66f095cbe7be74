// The figures behind Overzicht and the jaarverslag: GET /api/statistics?year=YYYY.
import { api } from "./client";

export interface Statistics {
  year: number;
  requests: { received: number; open: number; closed: number; on_time: number; late: number };
  requests_by_month: { month: number; type: string; received: number }[];
  answered_by_month: { month: number; closed: number; on_time: number }[];
  breaches: { severity: string | null; authority_notified: boolean; count: number }[];
  sweep_removals: { policy: string; action: string; rows: number }[];
  complaints: { received: number; closed: number; ap_involved: number };
  dpias: { total: number; required: number; completed: number; prior_consultation: number };
}

export function statistics(year: number): Promise<Statistics> {
  return api<Statistics>("statistics", { query: { year } });
}

export const MONTHS = ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"];

/** Requests per month, one column per type: the rows of a stacked bar chart. */
export function perMonth(s: Statistics): Record<string, number | string>[] {
  return MONTHS.map((name, i) => {
    const row: Record<string, number | string> = { maand: name };
    for (const r of s.requests_by_month) if (r.month === i + 1) row[r.type] = (Number(row[r.type]) || 0) + r.received;
    const a = s.answered_by_month.find((x) => x.month === i + 1);
    row.op_tijd = a && a.closed ? Math.round((100 * a.on_time) / a.closed) : 0;
    return row;
  });
}

export function share(part: number, whole: number): string {
  return whole ? `${Math.round((100 * part) / whole)}%` : "—";
}

import { useState } from "react";
import { Field, Select } from "@fluentui/react-components";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { perMonth, share, statistics, type Statistics } from "../api/statistics";
import { PageHeader, Section, useLoad } from "../components/ui";
import { aantal, nl } from "../labels";

// Colours with at least 3:1 contrast against white (WCAG 1.4.11), told apart by their legend too.
const COLORS = ["#0f6cbd", "#c50f1f", "#107c10", "#8764b8", "#ca5010", "#005b70"];
const TYPES = ["access", "rectification", "erasure", "restriction", "portability", "objection"];

function Figure({ title, children, table }: { title: string; children: React.ReactNode; table: React.ReactNode }) {
  return (
    <Section title={title}>
      <figure style={{ margin: 0 }} aria-label={title}>
        <div style={{ width: "100%", height: 260 }}>{children}</div>
        <details><summary>De cijfers als tabel</summary>{table}</details>
      </figure>
    </Section>
  );
}

export function Charts({ s }: { s: Statistics }) {
  const months = perMonth(s);
  const severities = ["low", "medium", "high", "very_high", "unassessed"];
  const breachRows = severities.map((sev) => {
    const rows = s.breaches.filter((b) => (b.severity || "unassessed") === sev);
    return { ernst: sev === "unassessed" ? "Niet beoordeeld" : nl(sev),
      gemeld: rows.filter((b) => b.authority_notified).reduce((n, b) => n + b.count, 0),
      niet_gemeld: rows.filter((b) => !b.authority_notified).reduce((n, b) => n + b.count, 0) };
  });
  return (
    <>
      <Figure title="Verzoeken per maand, per soort" table={
        <table><thead><tr><th scope="col">Maand</th>{TYPES.map((t) => <th key={t} scope="col">{nl(t)}</th>)}</tr></thead>
          <tbody>{months.map((m) => <tr key={m.maand}><th scope="row">{m.maand}</th>{TYPES.map((t) => <td key={t}>{m[t] || 0}</td>)}</tr>)}</tbody></table>
      }>
        <ResponsiveContainer>
          <BarChart data={months}>
            <CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="maand" /><YAxis allowDecimals={false} /><Tooltip /><Legend />
            {TYPES.map((t, i) => <Bar key={t} dataKey={t} name={nl(t)} stackId="a" fill={COLORS[i]} isAnimationActive={false} />)}
          </BarChart>
        </ResponsiveContainer>
      </Figure>
      <Figure title={`Op tijd beantwoord: ${share(s.requests.on_time, s.requests.on_time + s.requests.late)}`} table={
        <table><thead><tr><th scope="col">Maand</th><th scope="col">Beantwoord</th><th scope="col">Op tijd</th></tr></thead>
          <tbody>{s.answered_by_month.map((a) => <tr key={a.month}><th scope="row">{a.month}</th><td>{a.closed}</td><td>{a.on_time}</td></tr>)}</tbody></table>
      }>
        <ResponsiveContainer>
          <LineChart data={months}>
            <CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="maand" /><YAxis domain={[0, 100]} unit="%" /><Tooltip /><Legend />
            <Line dataKey="op_tijd" name="Op tijd (%)" stroke={COLORS[2]} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </Figure>
      <Figure title="Datalekken naar ernst en melding aan de AP" table={
        <table><thead><tr><th scope="col">Ernst</th><th scope="col">Gemeld</th><th scope="col">Niet gemeld</th></tr></thead>
          <tbody>{breachRows.map((b) => <tr key={b.ernst}><th scope="row">{b.ernst}</th><td>{b.gemeld}</td><td>{b.niet_gemeld}</td></tr>)}</tbody></table>
      }>
        <ResponsiveContainer>
          <BarChart data={breachRows}>
            <CartesianGrid strokeDasharray="3 3" /><XAxis dataKey="ernst" /><YAxis allowDecimals={false} /><Tooltip /><Legend />
            <Bar dataKey="gemeld" name="Gemeld aan de AP" stackId="b" fill={COLORS[1]} isAnimationActive={false} />
            <Bar dataKey="niet_gemeld" name="Niet gemeld" stackId="b" fill={COLORS[0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </Figure>
      <Figure title="Verwijderd door de bewaarrondes, per beleid" table={
        <table><thead><tr><th scope="col">Beleid</th><th scope="col">Actie</th><th scope="col">Rijen</th></tr></thead>
          <tbody>{s.sweep_removals.map((r) => <tr key={`${r.policy}-${r.action}`}><th scope="row">{r.policy}</th><td>{nl(r.action)}</td><td>{aantal(r.rows)}</td></tr>)}</tbody></table>
      }>
        {s.sweep_removals.length === 0 ? <p>Geen rijen verwijderd of geanonimiseerd door bewaarrondes in {s.year}.</p> : (
        <ResponsiveContainer>
          <BarChart data={s.sweep_removals} layout="vertical" margin={{ left: 120 }}>
            <CartesianGrid strokeDasharray="3 3" /><XAxis type="number" allowDecimals={false} /><YAxis type="category" dataKey="policy" /><Tooltip />
            <Bar dataKey="rows" name="Rijen" fill={COLORS[5]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
        )}
      </Figure>
    </>
  );
}

export function YearPicker({ year, onChange }: { year: number; onChange: (y: number) => void }) {
  const now = new Date().getFullYear();
  return (
    <Field label="Jaar" className="no-print">
      <Select value={String(year)} onChange={(_, d) => onChange(Number(d.value))}>
        {[now, now - 1, now - 2].map((y) => <option key={y}>{y}</option>)}
      </Select>
    </Field>
  );
}

export default function Overzicht() {
  const [year, setYear] = useState(new Date().getFullYear());
  const stats = useLoad(() => statistics(year), [year]);
  return (
    <>
      <PageHeader title="Overzicht"><YearPicker year={year} onChange={setYear} /></PageHeader>
      {stats.view((s) => (
        <>
          <p data-testid="kerncijfers">
            {aantal(s.requests.received)} verzoeken ontvangen, {aantal(s.requests.open)} open; {share(s.requests.on_time, s.requests.on_time + s.requests.late)} op
            tijd beantwoord. {aantal(s.breaches.reduce((n, b) => n + b.count, 0))} datalekken, {aantal(s.complaints.received)} klachten.
          </p>
          <Charts s={s} />
        </>
      ))}
    </>
  );
}

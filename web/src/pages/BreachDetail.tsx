import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import { Button, Checkbox, Field, Input, Select, Textarea } from "@fluentui/react-components";
import { api } from "../api/client";
import { PageHeader, Row, Section, useAction, useLoad } from "../components/ui";
import { ProblemBar } from "../components/ProblemBar";
import { Countdown } from "../components/Countdown";
import { useConsole } from "../context";
import { datum, nl } from "../labels";

interface Assessment { id: string; assessed_at: string; score: string; severity: string; outcome: string;
  notify_authority_reasoning: string; notify_subjects_reasoning: string; reasoning: string[] }
interface Breach {
  id: string; status: string; summary: string; became_aware_at: string; reported_at: string;
  authority_notification_due_at: string; authority_required: boolean | null; authority_notified_at: string | null;
  closed_at: string | null; assessments: Assessment[]; assessment: Assessment | null;
  decisions: { decided_at: string; outcome: string; overridden: boolean; reason: string | null }[];
  notifications: { target: string; sent_at: string; phase: string | null; authority_reference: string | null; late: boolean }[];
  evaluation: { lessons_learned: string; measures: { description: string; owner: string; due_date: string; done_on: string | null }[] } | null;
}

const EI = ["0.25", "0.5", "0.75", "1"];
const CB = ["0", "0.25", "0.5"];
const FACTS: [string, string][] = [
  ["special_categories", "Bijzondere persoonsgegevens"], ["criminal_data", "Strafrechtelijke gegevens"],
  ["vulnerable_subjects", "Kwetsbare betrokkenen"], ["data_unintelligible", "Gegevens onleesbaar (sleutel veilig)"],
  ["high_risk_removed_by_measures", "Hoog risico weggenomen door maatregelen"],
  ["disproportionate_effort", "Individueel informeren vergt onevenredige inspanning"],
];

function timeline(b: Breach): { at: string; what: string }[] {
  return [
    { at: b.became_aware_at, what: "Ontdekt" },
    { at: b.reported_at, what: "Gemeld in de suite" },
    ...b.assessments.map((a) => ({ at: a.assessed_at, what: `Beoordeeld: ernst ${nl(a.severity).toLowerCase()} (score ${a.score})` })),
    ...b.decisions.map((d) => ({ at: d.decided_at, what: `Besluit FG: ${nl(d.outcome)}${d.overridden ? " (afwijkend van de beoordeling)" : ""}` })),
    ...b.notifications.map((n) => ({ at: n.sent_at, what: `Melding aan ${nl(n.target).toLowerCase()}${n.authority_reference ? ` (kenmerk ${n.authority_reference})` : ""}${n.late ? ", na 72 uur" : ""}` })),
    ...(b.closed_at ? [{ at: b.closed_at, what: "Gesloten" }] : []),
  ].sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
}

export function BreachDetail() {
  const { id = "" } = useParams();
  const { can } = useConsole();
  const breach = useLoad(() => api<Breach>(`breaches/${id}`), [id]);
  const act = useAction();
  const [done, setDone] = useState<string | null>(null);
  const [dpc, setDpc] = useState("2");
  const [ei, setEi] = useState("0.5");
  const [cb, setCb] = useState({ c: "0.25", i: "0", a: "0" });
  const [malicious, setMalicious] = useState(false);
  const [facts, setFacts] = useState<Record<string, boolean>>({});
  const [reason, setReason] = useState("");
  const [reference, setReference] = useState("");
  const [report, setReport] = useState<string | null>(null);
  const [lessons, setLessons] = useState("");
  const [measure, setMeasure] = useState({ description: "", owner: "", due_date: "" });

  const post = (path: string, body: unknown, label: string) => act.run(async () => {
    await api(`breaches/${id}/${path}`, { method: "POST", body });
    setDone(label);
    breach.reload();
  });

  return breach.view((b) => (
    <>
      <p><Link to="..">← Datalekken</Link></p>
      <PageHeader title={b.summary} />
      <Section title="Termijn en tijdlijn">
        <p>
          Melden aan de AP uiterlijk {datum(b.authority_notification_due_at)}{" "}
          {b.authority_notified_at ? `· gemeld op ${datum(b.authority_notified_at)}` : !b.closed_at && <Countdown dueAt={b.authority_notification_due_at} />}
        </p>
        <ol data-testid="tijdlijn">{timeline(b).map((t, i) => <li key={i}>{datum(t.at)} · {t.what}</li>)}</ol>
      </Section>
      {done && <p role="status">Vastgelegd: {done}.</p>}
      <ProblemBar error={act.error} />
      {can("breach_assess") && !b.closed_at && (
        <Section title="Beoordeling (ENISA/EDPB)">
          <Row>
            <Field label="Gegevenscontext (DPC, 1–4)">
              <Select value={dpc} onChange={(_, d) => setDpc(d.value)}>{["1", "2", "3", "4"].map((v) => <option key={v}>{v}</option>)}</Select>
            </Field>
            <Field label="Identificeerbaarheid (EI)">
              <Select value={ei} onChange={(_, d) => setEi(d.value)}>{EI.map((v) => <option key={v}>{v}</option>)}</Select>
            </Field>
            <Field label="Vertrouwelijkheid">
              <Select value={cb.c} onChange={(_, d) => setCb({ ...cb, c: d.value })}>{CB.map((v) => <option key={v}>{v}</option>)}</Select>
            </Field>
            <Field label="Integriteit">
              <Select value={cb.i} onChange={(_, d) => setCb({ ...cb, i: d.value })}>{CB.map((v) => <option key={v}>{v}</option>)}</Select>
            </Field>
            <Field label="Beschikbaarheid">
              <Select value={cb.a} onChange={(_, d) => setCb({ ...cb, a: d.value })}>{CB.map((v) => <option key={v}>{v}</option>)}</Select>
            </Field>
          </Row>
          <Row>
            <Checkbox label="Kwade opzet" checked={malicious} onChange={(_, d) => setMalicious(Boolean(d.checked))} />
            {FACTS.map(([k, t]) => (
              <Checkbox key={k} label={t} checked={Boolean(facts[k])} onChange={(_, d) => setFacts({ ...facts, [k]: Boolean(d.checked) })} />
            ))}
          </Row>
          <Button appearance="primary" disabled={act.busy} onClick={() => post("assessment", {
            dpc: Number(dpc), ei, cb_confidentiality: cb.c, cb_integrity: cb.i, cb_availability: cb.a, malicious, ...facts,
          }, "beoordeling")}>Beoordelen</Button>
        </Section>
      )}
      {b.assessment && (
        <Section title="Uitkomst van de beoordeling">
          <p data-testid="ernst"><strong>Ernst: {nl(b.assessment.severity)}</strong> (score {b.assessment.score})</p>
          <ul>{b.assessment.reasoning.map((r, i) => <li key={i}>{r}</li>)}</ul>
          {can("breach_decide") && !b.closed_at && (
            <>
              <Field label="Toelichting bij het besluit">
                <Textarea value={reason} onChange={(_, d) => setReason(d.value)} />
              </Field>
              <Button appearance="primary" disabled={act.busy} onClick={() => post("decision", { reason: reason || undefined }, "besluit van de FG")}>
                Besluit: volg de beoordeling
              </Button>
            </>
          )}
        </Section>
      )}
      {can("breach_authority_report") && (
        <Section title="Melding aan de AP">
          <Button onClick={() => act.run(async () => {
            const res = await fetchReport(id);
            setReport(res);
          })}>Meldformulier opstellen</Button>
          {report && (
            <>
              <Field label="Antwoorden voor het meldformulier van de AP">
                <Textarea readOnly value={report} rows={14} data-testid="ap-melding" />
              </Field>
              <Button onClick={() => navigator.clipboard?.writeText(report).then(() => setDone("tekst gekopieerd"))}>Kopiëren</Button>
            </>
          )}
        </Section>
      )}
      {can("breach_notify") && (
        <Section title="Meldingen">
          <ul>{b.notifications.map((n, i) => <li key={i}>{nl(n.target)} · {datum(n.sent_at)}{n.authority_reference ? ` · ${n.authority_reference}` : ""}</li>)}</ul>
          <Row>
            <Field label="Kenmerk van de AP"><Input value={reference} onChange={(_, d) => setReference(d.value)} /></Field>
            <Button disabled={act.busy || !reference} onClick={() => post("notifications", { target: "authority", authority_reference: reference }, "melding aan de AP")}>Melding aan de AP vastleggen</Button>
            <Button disabled={act.busy} onClick={() => post("notifications", { target: "clients" }, "opdrachtgevers geïnformeerd")}>Opdrachtgevers geïnformeerd</Button>
          </Row>
        </Section>
      )}
      {can("breach_evaluate") && (
        <Section title="Evaluatie en maatregelen">
          {b.evaluation && <p>{b.evaluation.lessons_learned}</p>}
          <Field label="Lessen"><Textarea value={lessons} onChange={(_, d) => setLessons(d.value)} /></Field>
          <Row>
            <Field label="Maatregel"><Input value={measure.description} onChange={(_, d) => setMeasure({ ...measure, description: d.value })} /></Field>
            <Field label="Eigenaar"><Input value={measure.owner} onChange={(_, d) => setMeasure({ ...measure, owner: d.value })} /></Field>
            <Field label="Gereed op"><Input type="date" value={measure.due_date} onChange={(_, d) => setMeasure({ ...measure, due_date: d.value })} /></Field>
            <Button disabled={act.busy} onClick={() => post("evaluation", {
              lessons_learned: lessons, measures: measure.description ? [measure] : [],
            }, "evaluatie")}>Evaluatie vastleggen</Button>
          </Row>
        </Section>
      )}
    </>
  ));
}

async function fetchReport(id: string): Promise<string> {
  const { raw } = await import("../api/client");
  const res = await raw(`breaches/${id}/authority-report`, { query: { format: "text" }, accept: "text/plain" });
  return res.text();
}

import { useState } from "react";
import { Button, Field, Input, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Textarea } from "@fluentui/react-components";
import { api, page } from "../api/client";
import { PageHeader, Row, Section, useAction, useLoad } from "../components/ui";
import { ProblemBar } from "../components/ProblemBar";
import { datum } from "../labels";

interface Complaint { id: string; received_at: string; topic: string; summary: string; status: string; outcome: string | null;
  ap_involved: boolean; ap_status: string | null; ap_reference: string | null }

const TOPIC: Record<string, string> = { request: "Afhandeling van een verzoek", breach: "Datalek", retention: "Bewaren", collection: "Verwerking bij incasso", other: "Overig" };
const AP: Record<string, string> = { complaint_lodged: "Klacht ingediend bij de AP", information_requested: "AP vraagt informatie", investigation: "AP onderzoekt", closed: "AP heeft afgesloten" };

function Handle({ c, onDone }: { c: Complaint; onDone: () => void }) {
  const [outcome, setOutcome] = useState("");
  const [ap, setAp] = useState(c.ap_status || "");
  const act = useAction();
  const patch = (body: unknown) => act.run(() => api(`complaints/${c.id}`, { method: "PATCH", body })).then((ok) => ok && onDone());
  return (
    <>
      <Row>
        <Field label="Rol van de AP">
          <Select value={ap} onChange={(_, d) => setAp(d.value)}>
            <option value="">Niet betrokken</option>
            {Object.entries(AP).map(([v, t]) => <option key={v} value={v}>{t}</option>)}
          </Select>
        </Field>
        <Button size="small" disabled={!ap || act.busy} onClick={() => patch({ ap_status: ap })}>AP vastleggen</Button>
        <Field label="Uitkomst"><Input value={outcome} onChange={(_, d) => setOutcome(d.value)} /></Field>
        <Button size="small" disabled={act.busy} onClick={() => patch({ status: "closed", outcome })}>Afhandelen</Button>
      </Row>
      <ProblemBar error={act.error} />
    </>
  );
}

export default function Klachten() {
  const list = useLoad(async () => (await page<Complaint>("complaints", { limit: 100 })).items);
  const [topic, setTopic] = useState("request");
  const [summary, setSummary] = useState("");
  const act = useAction();
  return (
    <>
      <PageHeader title="Klachten" />
      {list.view((rows) => rows.length === 0 ? <p>Geen klachten gelogd.</p> : (
        <Table aria-label="Klachten" size="small">
          <TableHeader><TableRow>
            <TableHeaderCell>Ontvangen</TableHeaderCell><TableHeaderCell>Onderwerp</TableHeaderCell><TableHeaderCell>Klacht</TableHeaderCell>
            <TableHeaderCell>Autoriteit Persoonsgegevens</TableHeaderCell><TableHeaderCell>Status</TableHeaderCell>
          </TableRow></TableHeader>
          <TableBody>{rows.map((c) => (
            <TableRow key={c.id}>
              <TableCell>{datum(c.received_at)}</TableCell><TableCell>{TOPIC[c.topic] || c.topic}</TableCell>
              <TableCell>{c.summary}</TableCell>
              <TableCell>{c.ap_status ? AP[c.ap_status] : "Niet betrokken"}{c.ap_reference ? ` (${c.ap_reference})` : ""}</TableCell>
              <TableCell>{c.status === "closed" ? `Afgehandeld: ${c.outcome}` : <Handle c={c} onDone={list.reload} />}</TableCell>
            </TableRow>))}
          </TableBody>
        </Table>
      ))}
      <Section title="Klacht loggen">
        <form onSubmit={async (e) => { e.preventDefault(); if (await act.run(() => api("complaints", { method: "POST", body: { topic, summary } }))) { setSummary(""); list.reload(); } }}>
          <Field label="Onderwerp">
            <Select value={topic} onChange={(_, d) => setTopic(d.value)}>{Object.entries(TOPIC).map(([v, t]) => <option key={v} value={v}>{t}</option>)}</Select>
          </Field>
          <Field label="De klacht" required><Textarea value={summary} onChange={(_, d) => setSummary(d.value)} required /></Field>
          <Button type="submit" appearance="primary" disabled={act.busy}>Loggen</Button>
        </form>
        <ProblemBar error={act.error} />
      </Section>
    </>
  );
}

import { useState } from "react";
import { Link, Route, Routes } from "react-router-dom";
import {
  Button, Field, Input, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Textarea,
} from "@fluentui/react-components";
import { api, page, raw } from "../api/client";
import { PageHeader, Row, Section, download, useAction, useLoad } from "../components/ui";
import { ProblemBar } from "../components/ProblemBar";
import { Countdown } from "../components/Countdown";
import { useConsole } from "../context";
import { datum, nl } from "../labels";
import { BreachDetail } from "./BreachDetail";

export interface BreachRow {
  id: string; status: string; summary: string; became_aware_at: string; authority_notification_due_at: string;
  authority_required: boolean | null; authority_notified_at: string | null; closed_at: string | null;
}

function List() {
  const { can } = useConsole();
  const list = useLoad(() => page<BreachRow>("breaches", { limit: 50 }));
  const act = useAction();
  return (
    <>
      <PageHeader title="Datalekken">
        {can("breach_register") && (
          <Button onClick={() => act.run(async () => {
            const res = await raw("breaches/register", { query: { format: "csv" }, accept: "text/csv" });
            download(await res.blob(), "datalekkenregister.csv");
          })}>Register exporteren (CSV)</Button>
        )}
      </PageHeader>
      <ProblemBar error={act.error} />
      {list.view((p) => p.items.length === 0 ? <p>Geen datalekken gemeld.</p> : (
        <Table aria-label="Datalekken" size="small">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Datalek</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Ontdekt</TableHeaderCell>
              <TableHeaderCell>Melden aan de AP uiterlijk</TableHeaderCell>
              <TableHeaderCell>72 uur</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {p.items.map((b) => (
              <TableRow key={b.id}>
                <TableCell><Link to={b.id}>{b.summary}</Link></TableCell>
                <TableCell>{nl(b.status)}</TableCell>
                <TableCell>{datum(b.became_aware_at)}</TableCell>
                <TableCell>{datum(b.authority_notification_due_at)}</TableCell>
                <TableCell>
                  {b.authority_notified_at ? `Gemeld ${datum(b.authority_notified_at)}`
                    : b.authority_required === false || b.closed_at ? "Geen melding nodig"
                    : <Countdown dueAt={b.authority_notification_due_at} />}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ))}
      {can("breach_create") && <Intake onCreated={list.reload} />}
    </>
  );
}

function Intake({ onCreated }: { onCreated: () => void }) {
  const [summary, setSummary] = useState("");
  const [aware, setAware] = useState("");
  const [created, setCreated] = useState<{ id: string; authority_notification_due_at: string } | null>(null);
  const act = useAction();
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const when = aware ? new Date(aware).toISOString() : new Date().toISOString();
    if (await act.run(async () => setCreated(await api("breaches", { method: "POST", body: { summary, became_aware_at: when } })))) onCreated();
  }
  return (
    <Section title="Datalek melden">
      <form onSubmit={submit}>
        <Field label="Wat is er gebeurd?" required>
          <Textarea value={summary} onChange={(_, d) => setSummary(d.value)} required />
        </Field>
        <Row>
          <Field label="Ontdekt op (leeg: nu)">
            <Input type="datetime-local" value={aware} onChange={(_, d) => setAware(d.value)} />
          </Field>
          <Button type="submit" appearance="primary" disabled={act.busy}>Melden</Button>
        </Row>
      </form>
      <ProblemBar error={act.error} />
      {created && (
        <p role="status">Gemeld. <Link to={created.id}>Melden aan de AP uiterlijk {datum(created.authority_notification_due_at)}</Link></p>
      )}
    </Section>
  );
}

export default function Datalekken() {
  return (
    <Routes>
      <Route index element={<List />} />
      <Route path=":id" element={<BreachDetail />} />
    </Routes>
  );
}

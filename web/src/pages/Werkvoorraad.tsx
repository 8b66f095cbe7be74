import { useEffect, useState } from "react";
import { Link, Route, Routes } from "react-router-dom";
import {
  Button, Field, Input, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow,
} from "@fluentui/react-components";
import { api, page } from "../api/client";
import { PageHeader, Row, Section, TrafficLight, useAction } from "../components/ui";
import { ProblemBar } from "../components/ProblemBar";
import { useConsole } from "../context";
import { light } from "../deadline";
import { datum, nl } from "../labels";
import { RequestDetail } from "./RequestDetail";

export interface Dsar {
  id: string; type: string; status: string; status_group: string; subject_email: string; client_id: number | null;
  deadline_owner: string; channel: string; received_at: string; target_date: string; due_date: string;
  extended_due_date: string | null; export_available: boolean;
}

const PAGE_SIZE = 50;
const TYPES = ["access", "rectification", "erasure", "restriction", "portability", "objection"];

function List() {
  const { can } = useConsole();
  const [group, setGroup] = useState("open");
  const [type, setType] = useState("");
  const [rows, setRows] = useState<Dsar[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);

  // One page at a time: the API pages the work list, the console never loads every row.
  async function load(cursor: string | null) {
    try {
      const p = await page<Dsar>("dsar", { group, type, limit: PAGE_SIZE, cursor });
      setRows((old) => (cursor && old ? [...old, ...p.items] : p.items));
      setNext(p.next);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }
  useEffect(() => { setRows(null); load(null); /* eslint-disable-next-line react-hooks/exhaustive-deps */ }, [group, type, tick]);

  return (
    <>
      <PageHeader title="Werkvoorraad" />
      <Row>
        <Field label="Verzoeken">
          <Select value={group} onChange={(_, d) => setGroup(d.value)}>
            <option value="open">Open</option>
            <option value="closed">Gesloten</option>
            <option value="">Alle</option>
          </Select>
        </Field>
        <Field label="Soort">
          <Select value={type} onChange={(_, d) => setType(d.value)}>
            <option value="">Alle soorten</option>
            {TYPES.map((t) => <option key={t} value={t}>{nl(t)}</option>)}
          </Select>
        </Field>
      </Row>
      <ProblemBar error={error} />
      {rows === null && !error && <p role="status">Laden…</p>}
      {rows && (
        <Table aria-label="Verzoeken van betrokkenen" size="small" data-testid="werklijst">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Verzoek</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Ontvangen</TableHeaderCell>
              <TableHeaderCell>Streefdatum</TableHeaderCell>
              <TableHeaderCell>Uiterste datum</TableHeaderCell>
              <TableHeaderCell>Verlengd tot</TableHeaderCell>
              <TableHeaderCell>Termijn</TableHeaderCell>
              <TableHeaderCell>Termijn van</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => {
              const l = light(r);
              return (
                <TableRow key={r.id}>
                  <TableCell style={{ overflowWrap: "anywhere" }}><Link to={r.id}>{nl(r.type)} · {r.subject_email}</Link></TableCell>
                  <TableCell>{nl(r.status)}</TableCell>
                  <TableCell>{datum(r.received_at)}</TableCell>
                  <TableCell>{datum(r.target_date)}</TableCell>
                  <TableCell>{datum(r.due_date)}</TableCell>
                  <TableCell>{datum(r.extended_due_date)}</TableCell>
                  <TableCell><TrafficLight light={l.light} text={l.text} /></TableCell>
                  <TableCell>{r.deadline_owner === "controller" ? `Opdrachtgever ${r.client_id}` : "Incassotool"}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {rows && rows.length === 0 && <p>Geen verzoeken.</p>}
      {next && <Button onClick={() => load(next)}>Meer laden</Button>}
      {can("dsar_create") && <Intake onCreated={() => setTick((t) => t + 1)} />}
    </>
  );
}

function Intake({ onCreated }: { onCreated: () => void }) {
  const { session } = useConsole();
  const [type, setType] = useState("access");
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [client, setClient] = useState(session.clientId ? String(session.clientId) : "");
  const [channel, setChannel] = useState("email");
  const [created, setCreated] = useState<Dsar | null>(null);
  const act = useAction();
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const ok = await act.run(async () => setCreated(await api<Dsar>("dsar", { method: "POST", body: {
      type, channel, subject: { email, name: name || undefined }, client_id: client ? Number(client) : undefined,
    } })));
    if (ok) onCreated();
  }
  return (
    <Section title="Verzoek innemen">
      <form onSubmit={submit}>
        <Row>
          <Field label="Soort verzoek">
            <Select value={type} onChange={(_, d) => setType(d.value)}>
              {TYPES.map((t) => <option key={t} value={t}>{nl(t)}</option>)}
            </Select>
          </Field>
          <Field label="E-mailadres van de betrokkene" required>
            <Input type="email" value={email} onChange={(_, d) => setEmail(d.value)} required />
          </Field>
          <Field label="Naam"><Input value={name} onChange={(_, d) => setName(d.value)} /></Field>
          <Field label="Opdrachtgever (nummer, bij een debiteur)">
            <Input type="number" min={1} value={client} onChange={(_, d) => setClient(d.value)} disabled={Boolean(session.clientId)} />
          </Field>
          <Field label="Kanaal">
            <Select value={channel} onChange={(_, d) => setChannel(d.value)}>
              {["email", "letter", "phone", "portal", "in_person", "client"].map((c) => <option key={c} value={c}>{nl(c)}</option>)}
            </Select>
          </Field>
          <Button type="submit" appearance="primary" disabled={act.busy}>Innemen</Button>
        </Row>
      </form>
      <ProblemBar error={act.error} />
      {created && <p role="status">Verzoek ingenomen: <Link to={created.id}>uiterste datum {datum(created.due_date)}</Link></p>}
    </Section>
  );
}

export default function Werkvoorraad() {
  return (
    <Routes>
      <Route index element={<List />} />
      <Route path=":id" element={<RequestDetail />} />
    </Routes>
  );
}

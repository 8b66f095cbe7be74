import { useState } from "react";
import { Button, Checkbox, Field, Input, Select, Textarea } from "@fluentui/react-components";
import { api, page } from "../api/client";
import { PageHeader, Section, useAction, useLoad } from "../components/ui";
import { ProblemBar } from "../components/ProblemBar";
import { useConsole } from "../context";
import { datum } from "../labels";

interface Item { code: string; label_nl: string }
interface Vocabulary { ap_list: Item[]; ap_list_source: string; criteria: Item[]; outcomes: Item[] }
interface Dpia { id: string; title: string; activity_id: string | null; criteria: string[]; ap_list: string[]; required: boolean;
  screening_nl: string[]; outcome: string | null; outcome_nl: string | null; conclusion: string | null; version: number; updated_at: string }

export default function DpiaPage() {
  const { can } = useConsole();
  const vocab = useLoad(() => api<Vocabulary>("dpias/criteria"));
  const list = useLoad(async () => (await page<Dpia>("dpias", { limit: 100 })).items);
  const [title, setTitle] = useState("");
  const [activity, setActivity] = useState("");
  const [criteria, setCriteria] = useState<string[]>([]);
  const [apList, setApList] = useState<string[]>([]);
  const [outcome, setOutcome] = useState("");
  const [conclusion, setConclusion] = useState("");
  const act = useAction();
  const toggle = (xs: string[], x: string, on: boolean) => (on ? [...xs, x] : xs.filter((y) => y !== x));
  return (
    <>
      <PageHeader title="DPIA-register" />
      {list.view((rows) => rows.length === 0 ? <p>Nog geen DPIA's vastgelegd.</p> : (
        <>{rows.map((d) => (
          <Section key={d.id} title={d.title} level={2}>
            <p><strong>{d.required ? "DPIA verplicht" : "DPIA niet verplicht"}</strong>{d.activity_id ? ` · activiteit ${d.activity_id}` : ""} · versie {d.version}, {datum(d.updated_at)}</p>
            <ul>{d.screening_nl.map((s, i) => <li key={i}>{s}</li>)}</ul>
            <p>Uitkomst: {d.outcome_nl || "nog niet afgerond"}{d.conclusion ? ` — ${d.conclusion}` : ""}</p>
          </Section>
        ))}</>
      ))}
      {can("dpia_create") && vocab.view((v) => (
        <Section title="DPIA vastleggen">
          <form onSubmit={async (e) => {
            e.preventDefault();
            if (await act.run(() => api("dpias", { method: "POST", body: { title, activity_id: activity || undefined, criteria, ap_list: apList,
              outcome: outcome || undefined, conclusion: conclusion || undefined } }))) { setTitle(""); list.reload(); }
          }}>
            <Field label="Verwerking" required><Input value={title} onChange={(_, d) => setTitle(d.value)} required /></Field>
            <Field label="Verwerkingsactiviteit in het register (kenmerk)"><Input value={activity} onChange={(_, d) => setActivity(d.value)} /></Field>
            <fieldset>
              <legend>DPIA-lijst van de AP ({v.ap_list_source})</legend>
              {v.ap_list.map((i) => <Checkbox key={i.code} label={i.label_nl} checked={apList.includes(i.code)} onChange={(_, d) => setApList(toggle(apList, i.code, Boolean(d.checked)))} />)}
            </fieldset>
            <fieldset>
              <legend>Criteria van de EDPB (WP248)</legend>
              {v.criteria.map((i) => <Checkbox key={i.code} label={i.label_nl} checked={criteria.includes(i.code)} onChange={(_, d) => setCriteria(toggle(criteria, i.code, Boolean(d.checked)))} />)}
            </fieldset>
            <Field label="Uitkomst">
              <Select value={outcome} onChange={(_, d) => setOutcome(d.value)}>
                <option value="">Nog niet afgerond</option>
                {v.outcomes.map((o) => <option key={o.code} value={o.code}>{o.label_nl}</option>)}
              </Select>
            </Field>
            <Field label="Conclusie"><Textarea value={conclusion} onChange={(_, d) => setConclusion(d.value)} /></Field>
            <Button type="submit" appearance="primary" disabled={act.busy}>Vastleggen</Button>
          </form>
          <ProblemBar error={act.error} />
        </Section>
      ))}
    </>
  );
}

import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from "@fluentui/react-components";
import { api, raw } from "../api/client";
import { PageHeader, Section, download, useAction, useLoad } from "../components/ui";
import { ProblemBar } from "../components/ProblemBar";
import { aantal } from "../labels";

interface Activity { id: string; name: string; role_nl: string; purposes: string[]; legal_basis: unknown; art30_missing: string[]; data_map?: unknown }
interface Processor { id: string; name: string; service: string; location: string; missing: string[] }
interface DataMap {
  tables: { table: string; subject_category: string | null; activities: string[]; columns: { name: string; category: string }[] }[];
  unknown_activities: string[]; link_problems: unknown[];
}

function listOf<T>(body: unknown, key: string): T[] {
  const b = body as Record<string, T[]>;
  return Array.isArray(body) ? (body as T[]) : b.items ?? b[key] ?? [];
}

export default function Register() {
  const activities = useLoad(async () => listOf<Activity>(await api("register/activities"), "activities"));
  const processors = useLoad(async () => listOf<Processor>(await api("register/processors"), "processors"));
  const map = useLoad(() => api<DataMap>("register/data-map"));
  const act = useAction();
  const exportAs = (format: "csv" | "html") => act.run(async () => {
    const res = await raw("register/export", { query: { format }, accept: format === "csv" ? "text/csv" : "text/html" });
    download(await res.blob(), `verwerkingsregister.${format}`);
  });
  return (
    <>
      <PageHeader title="Verwerkingsregister (art. 30)">
        <Button onClick={() => exportAs("csv")}>Exporteren als CSV</Button>{" "}
        <Button onClick={() => exportAs("html")}>Exporteren als HTML</Button>
      </PageHeader>
      <ProblemBar error={act.error} />
      <Section title="Verwerkingsactiviteiten">
        {activities.view((rows) => (
          <Table aria-label="Verwerkingsactiviteiten" size="small">
            <TableHeader><TableRow>
              <TableHeaderCell>Activiteit</TableHeaderCell><TableHeaderCell>Rol</TableHeaderCell>
              <TableHeaderCell>Doelen</TableHeaderCell><TableHeaderCell>Nog in te vullen</TableHeaderCell>
            </TableRow></TableHeader>
            <TableBody>
              {rows.map((a) => (
                <TableRow key={a.id}>
                  <TableCell>{a.name}</TableCell><TableCell>{a.role_nl}</TableCell>
                  <TableCell>{a.purposes.join("; ")}</TableCell>
                  <TableCell>{a.art30_missing.length ? a.art30_missing.join(", ") : "Compleet"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ))}
      </Section>
      <Section title="Verwerkers en derden">
        {processors.view((rows) => (
          <Table aria-label="Verwerkers" size="small">
            <TableHeader><TableRow>
              <TableHeaderCell>Naam</TableHeaderCell><TableHeaderCell>Dienst</TableHeaderCell>
              <TableHeaderCell>Locatie</TableHeaderCell><TableHeaderCell>Nog in te vullen</TableHeaderCell>
            </TableRow></TableHeader>
            <TableBody>
              {rows.map((p) => (
                <TableRow key={p.id}>
                  <TableCell>{p.name}</TableCell><TableCell>{p.service}</TableCell><TableCell>{p.location}</TableCell>
                  <TableCell>{p.missing.length ? p.missing.join(", ") : "Compleet"}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ))}
      </Section>
      <Section title="Gegevenskaart en dekking">
        {map.view((m) => {
          const columns = m.tables.reduce((n, t) => n + t.columns.length, 0);
          const personal = m.tables.reduce((n, t) => n + t.columns.filter((c) => !["key", "business", "none"].includes(c.category)).length, 0);
          const linked = m.tables.filter((t) => t.activities.length > 0).length;
          return (
            <>
              <p data-testid="dekking">
                {aantal(m.tables.length)} tabellen en {aantal(columns)} kolommen beschreven, waarvan {aantal(personal)} met
                persoonsgegevens; {aantal(linked)} van {aantal(m.tables.length)} tabellen horen bij een verwerkingsactiviteit.
                {m.unknown_activities.length + m.link_problems.length === 0 ? " Geen koppelfouten." : ` Koppelfouten: ${m.unknown_activities.length + m.link_problems.length}.`}
              </p>
              <Table aria-label="Tabellen van de gegevenskaart" size="small">
                <TableHeader><TableRow>
                  <TableHeaderCell>Tabel</TableHeaderCell><TableHeaderCell>Betrokkenen</TableHeaderCell>
                  <TableHeaderCell>Activiteiten</TableHeaderCell><TableHeaderCell>Kolommen</TableHeaderCell>
                </TableRow></TableHeader>
                <TableBody>
                  {m.tables.map((t) => (
                    <TableRow key={t.table}>
                      <TableCell>{t.table}</TableCell><TableCell>{t.subject_category || "—"}</TableCell>
                      <TableCell>{t.activities.join(", ") || "—"}</TableCell><TableCell>{t.columns.length}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </>
          );
        })}
      </Section>
    </>
  );
}

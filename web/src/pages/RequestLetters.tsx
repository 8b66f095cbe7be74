// A request's letters (GET /dsar/{id}/letters): the API decides which letters and addresses a role
// sees; the console shows what it gets, one page at a time.
import { useEffect, useState } from "react";
import { Button, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from "@fluentui/react-components";
import { page } from "../api/client";
import { ProblemBar } from "../components/ProblemBar";
import { Section } from "../components/ui";
import { datum } from "../labels";

export interface Letter {
  id: string; type: string; title: string; status: string; created_at: string; sent_at: string | null;
  recipient_kind: string; recipient: string | null; language: string; subject_line: string; text: string;
}

const KIND: Record<string, string> = {
  subject: "Betrokkene", client: "Opdrachtgever", authority: "Autoriteit Persoonsgegevens", public: "Openbaar",
};
const STATUS: Record<string, string> = { queued: "Klaar voor verzending", sent: "Verzonden" };
const PAGE_SIZE = 20;

function to(l: Letter): string {
  const kind = KIND[l.recipient_kind] ?? l.recipient_kind;
  if (!l.recipient) return kind;
  return l.recipient_kind === "client" ? `${kind} ${l.recipient}` : `${kind} (${l.recipient})`;
}

/** `version` changes when the request changed (an action can queue a letter): then reload. */
export function RequestLetters({ id, version }: { id: string; version: unknown }) {
  const [rows, setRows] = useState<Letter[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function load(cursor: string | null) {
    try {
      const p = await page<Letter>(`dsar/${id}/letters`, { limit: PAGE_SIZE, cursor });
      setRows((old) => (cursor && old ? [...old, ...p.items] : p.items));
      setNext(p.next);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }
  useEffect(() => { load(null); /* eslint-disable-next-line react-hooks/exhaustive-deps */ }, [id, version]);

  return (
    <Section title="Brieven">
      <ProblemBar error={error} />
      {rows === null && !error && <p role="status">Laden…</p>}
      {rows && rows.length === 0 && <p>Nog geen brieven.</p>}
      {rows && rows.length > 0 && (
        <Table aria-label="Brieven bij dit verzoek" size="small" data-testid="brieven">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Brief</TableHeaderCell>
              <TableHeaderCell>Aan</TableHeaderCell>
              <TableHeaderCell>Opgesteld</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Verzonden</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((l) => (
              <TableRow key={l.id}>
                <TableCell>
                  <details>
                    <summary>{l.title}</summary>
                    <p><strong>{l.subject_line}</strong></p>
                    <p style={{ whiteSpace: "pre-wrap" }} lang={l.language}>{l.text}</p>
                  </details>
                </TableCell>
                <TableCell style={{ overflowWrap: "anywhere" }}>{to(l)}</TableCell>
                <TableCell>{datum(l.created_at)}</TableCell>
                <TableCell>{STATUS[l.status] ?? l.status}</TableCell>
                <TableCell>{l.sent_at ? datum(l.sent_at) : "nog niet gemeld"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {next && <Button onClick={() => load(next)}>Meer brieven laden</Button>}
    </Section>
  );
}

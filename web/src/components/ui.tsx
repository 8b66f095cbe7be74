// Small shared pieces: page header, traffic light, sections, loading state.
import { useCallback, useEffect, useState } from "react";
import { Badge, Spinner, makeStyles, tokens } from "@fluentui/react-components";
import type { Light } from "../deadline";
import { ProblemBar } from "./ProblemBar";

const useStyles = makeStyles({
  section: { marginBlock: "16px", padding: "16px", backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium },
  row: { display: "flex", gap: "8px", flexWrap: "wrap", alignItems: "end" },
});

export function PageHeader({ title, children }: { title: string; children?: React.ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Privacyconsole`;
  }, [title]);
  return (
    <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 16, flexWrap: "wrap" }}>
      <h1>{title}</h1>
      <div>{children}</div>
    </div>
  );
}

export function Section({ title, children, level = 2 }: { title: string; children: React.ReactNode; level?: 2 | 3 }) {
  const s = useStyles();
  const H = level === 2 ? "h2" : "h3";
  return <section className={s.section} aria-label={title}><H style={{ marginTop: 0 }}>{title}</H>{children}</section>;
}

export function Row({ children }: { children: React.ReactNode }) {
  return <div className={useStyles().row}>{children}</div>;
}

const COLOR: Record<Light, "success" | "warning" | "danger" | "informative"> = {
  groen: "success", oranje: "warning", rood: "danger", grijs: "informative",
};
const WORD: Record<Light, string> = { groen: "Op schema: ", oranje: "Let op: ", rood: "", grijs: "" };

/** A traffic light that says its state in words too (never colour alone). */
export function TrafficLight({ light, text }: { light: Light; text: string }) {
  return (
    <Badge appearance="filled" color={COLOR[light]} shape="rounded" style={{ height: "auto", whiteSpace: "normal", paddingBlock: 2 }}>
      {WORD[light]}{text}
    </Badge>
  );
}

/** Loads with `load`, shows a spinner and the API's problem; `reload` after a change. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): {
  data: T | null; error: unknown; loading: boolean; reload: () => void; view: (render: (d: T) => React.ReactNode) => React.ReactNode;
} {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load().then((d) => { if (live) { setData(d); setError(null); } }, (e) => { if (live) setError(e); })
      .finally(() => { if (live) setLoading(false); });
    return () => { live = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const view = (render: (d: T) => React.ReactNode) =>
    error ? <ProblemBar error={error} /> : data === null ? <Spinner label="Laden…" /> : render(data);
  return { data, error, loading, reload, view };
}

/** Runs an action, remembers its problem; the caller reloads on success. */
export function useAction(): { busy: boolean; error: unknown; run: (f: () => Promise<unknown>) => Promise<boolean>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await f();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run, clear: () => setError(null) };
}

/** Opens a link the API handed out (a short-lived storage link to a file), as a download. */
export function followLink(url: string): void {
  const a = document.createElement("a");
  a.href = url;
  a.rel = "noopener";
  a.click();
}

export function download(blob: Blob, name: string): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

import { Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { NavLink, Navigate, Route, Routes, useLocation } from "react-router-dom";
import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Spinner, Text,
  makeStyles, tokens,
} from "@fluentui/react-components";
import { useTokens } from "./api/client";
import { allows, loadCapabilities, type Capabilities } from "./api/capabilities";
import { loadConfig, type ConsoleConfig } from "./auth/config";
import { devResume } from "./auth/dev";
import { onStepUpPrompt, type Session } from "./auth/session";
import { SignIn } from "./auth/SignIn";
import { Ctx } from "./context";
import { PAGES } from "./pages";
import { ProblemBar } from "./components/ProblemBar";

const useStyles = makeStyles({
  skip: {
    position: "absolute", left: "-9999px", top: "0",
    ":focus": { left: "8px", top: "8px", zIndex: 10, padding: "8px", backgroundColor: tokens.colorNeutralBackground1 },
  },
  header: {
    display: "flex", alignItems: "center", justifyContent: "space-between", gap: "16px",
    padding: "8px 24px", backgroundColor: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand,
  },
  layout: { display: "flex", minHeight: "calc(100vh - 56px)" },
  nav: { width: "220px", padding: "16px 8px", backgroundColor: tokens.colorNeutralBackground2, flexShrink: 0 },
  navList: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: "2px" },
  link: {
    display: "block", padding: "8px 12px", borderRadius: tokens.borderRadiusMedium, color: tokens.colorNeutralForeground1,
    textDecoration: "none", ":hover": { backgroundColor: tokens.colorNeutralBackground1Hover },
    ":focus-visible": { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  active: { backgroundColor: tokens.colorNeutralBackground1, fontWeight: tokens.fontWeightSemibold, boxShadow: tokens.shadow2 },
  main: { flexGrow: 1, padding: "16px 32px", minWidth: 0, ":focus": { outline: "none" } },
  onBrand: { color: tokens.colorNeutralForegroundOnBrand },
});

function useStepUpDialog(): [boolean, (ok: boolean) => void] {
  const [open, setOpen] = useState(false);
  const resolver = useRef<((ok: boolean) => void) | null>(null);
  useEffect(() => {
    onStepUpPrompt(() => new Promise<boolean>((resolve) => {
      resolver.current = resolve;
      setOpen(true);
    }));
  }, []);
  const answer = useCallback((ok: boolean) => {
    setOpen(false);
    resolver.current?.(ok);
    resolver.current = null;
  }, []);
  return [open, answer];
}

export function App() {
  const s = useStyles();
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  const [session, setSession] = useState<Session | null>(null);
  const [caps, setCaps] = useState<Capabilities | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [stepUpOpen, answerStepUp] = useStepUpDialog();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    (async () => {
      const cfg = await loadConfig();
      setConfig(cfg);
      setCaps(await loadCapabilities());
      if (cfg.mode === "dev") setSession(devResume());
      else {
        const { msalSession } = await import("./auth/msal");
        setSession(await msalSession(cfg));
      }
    })().catch(setError);
  }, []);

  useEffect(() => {
    useTokens(session);
  }, [session]);

  useEffect(() => {
    mainRef.current?.focus();
  }, [location.pathname]);

  const ctx = useMemo(
    () => (session && caps ? { session, caps, can: (op: string) => allows(caps, op, session.role) } : null),
    [session, caps],
  );
  const visible = ctx ? PAGES.filter((p) => ctx.can(p.operation)) : [];

  if (error) return <main className={s.main}><h1>Privacyconsole</h1><ProblemBar error={error} /></main>;
  if (!config || !caps) return <main className={s.main}><Spinner label="De console wordt geladen…" /></main>;
  if (!session) {
    return config.mode === "dev" ? (
      <SignIn config={config} onSignedIn={(sess) => { useTokens(sess); setSession(sess); }} />
    ) : (
      <main className={s.main}><Spinner label="Doorsturen naar aanmelden bij Microsoft…" /></main>
    );
  }
  const home = visible[0]?.path;
  return (
    <Ctx.Provider value={ctx}>
      <a href="#inhoud" className={s.skip}>Naar de inhoud</a>
      <header className={s.header}>
        <Text as="span" size={500} weight="semibold" className={s.onBrand}>Privacyconsole</Text>
        <span>
          <Text className={s.onBrand}>
            {config.roles?.find((r) => r.id === session.role)?.label || session.role}
            {session.clientId ? ` · opdrachtgever ${session.clientId}` : ""}
            {session.email ? ` · ${session.email}` : ""}
          </Text>{" "}
          <Button appearance="secondary" size="small" onClick={async () => { await session.signOut(); useTokens(null); setSession(null); }}>
            Afmelden
          </Button>
        </span>
      </header>
      <div className={s.layout}>
        <nav className={s.nav} aria-label="Hoofdmenu">
          <ul className={s.navList}>
            {visible.map((p) => (
              <li key={p.path}>
                <NavLink to={`/${p.path}`} className={({ isActive }) => `${s.link} ${isActive ? s.active : ""}`}>
                  {p.title}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="inhoud" className={s.main} ref={mainRef} tabIndex={-1}>
          <Suspense fallback={<Spinner label="Laden…" />}>
            <Routes>
              {visible.map((p) => <Route key={p.path} path={`/${p.path}/*`} element={<p.component />} />)}
              <Route path="*" element={home ? <Navigate to={`/${home}`} replace /> : <p>Uw rol heeft hier geen pagina's.</p>} />
            </Routes>
          </Suspense>
        </main>
      </div>
      <Dialog open={stepUpOpen} modalType="alert" onOpenChange={(_, d) => { if (!d.open) answerStepUp(false); }}>
        <DialogSurface aria-describedby="stepup-uitleg">
          <DialogBody>
            <DialogTitle>Tweede factor nodig</DialogTitle>
            <DialogContent id="stepup-uitleg">
              Deze handeling vraagt om meervoudige aanmelding (MFA). Lokaal staat de dev-uitgever in voor Entra ID:
              bevestig de tweede factor om door te gaan.
            </DialogContent>
            <DialogActions>
              <Button appearance="primary" onClick={() => answerStepUp(true)}>Tweede factor bevestigen</Button>
              <Button onClick={() => answerStepUp(false)}>Annuleren</Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </Ctx.Provider>
  );
}

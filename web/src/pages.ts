// The console's pages, and the API operation whose roles decide who sees each one.
import { lazy } from "react";

export interface PageDef {
  path: string;
  title: string;
  operation: string;
  component: React.LazyExoticComponent<React.ComponentType>;
}

export const PAGES: PageDef[] = [
  { path: "werkvoorraad", title: "Werkvoorraad", operation: "dsar_verify", component: lazy(() => import("./pages/Werkvoorraad")) },
  { path: "datalekken", title: "Datalekken", operation: "breach_list", component: lazy(() => import("./pages/Datalekken")) },
  { path: "register", title: "Register", operation: "register_activities", component: lazy(() => import("./pages/Register")) },
  { path: "bewaartermijnen", title: "Bewaartermijnen", operation: "retention_policies", component: lazy(() => import("./pages/Bewaartermijnen")) },
  { path: "exits", title: "Exits en kijkaccounts", operation: "exit_create", component: lazy(() => import("./pages/Exits")) },
  { path: "backups", title: "Back-ups", operation: "backups", component: lazy(() => import("./pages/Backups")) },
  { path: "dpia", title: "DPIA's", operation: "dpia_list", component: lazy(() => import("./pages/Dpia")) },
  { path: "klachten", title: "Klachten", operation: "complaint_list", component: lazy(() => import("./pages/Klachten")) },
  { path: "overzicht", title: "Overzicht", operation: "statistics", component: lazy(() => import("./pages/Overzicht")) },
  { path: "jaarverslag", title: "Jaarverslag", operation: "statistics", component: lazy(() => import("./pages/Jaarverslag")) },
  { path: "mijn-gegevens", title: "Mijn gegevens", operation: "me_data_get", component: lazy(() => import("./pages/MijnGegevens")) },
];

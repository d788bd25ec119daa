import { Navigate, Route, Routes, useLocation } from 'react-router';
import { useSession } from '../lib/session';
import { ConsoleLayout } from './console-layout';
import { lazyPage } from './lazy-page';
import { NotFoundPage } from './not-found-page';
import { PageLoading } from './page-loading';

const ConsoleHomePage = lazyPage(
  () => import('../features/console-home/components/console-home-page'),
  'ConsoleHomePage',
);
const DashboardPage = lazyPage(
  () => import('../features/dashboard/components/dashboard-page'),
  'DashboardPage',
);
const UploadPage = lazyPage(() => import('../features/batches/components/upload-page'), 'UploadPage');
const BatchListPage = lazyPage(
  () => import('../features/batches/components/batch-list-page'),
  'BatchListPage',
);
const BatchReportPage = lazyPage(
  () => import('../features/batches/components/batch-report-page'),
  'BatchReportPage',
);
const TemplatesPage = lazyPage(
  () => import('../features/batches/components/templates-page'),
  'TemplatesPage',
);
const OwnRecordsPage = lazyPage(
  () => import('../features/records/components/own-records-page'),
  'OwnRecordsPage',
);
const ChecksPage = lazyPage(() => import('../features/checks/components/checks-page'), 'ChecksPage');
const CheckVerifyPage = lazyPage(
  () => import('../features/checks/components/check-verify-page'),
  'CheckVerifyPage',
);
const CheckStatsPage = lazyPage(
  () => import('../features/checks/components/check-stats-page'),
  'CheckStatsPage',
);
const WatchesPage = lazyPage(() => import('../features/watch/components/watches-page'), 'WatchesPage');
const AuthorisationsPage = lazyPage(
  () => import('../features/access/components/authorisations-page'),
  'AuthorisationsPage',
);
const MyFilePage = lazyPage(() => import('../features/subject/components/my-file-page'), 'MyFilePage');
const AccessLogPage = lazyPage(
  () => import('../features/access/components/access-log-page'),
  'AccessLogPage',
);
const BindingsPage = lazyPage(() => import('../features/access/components/bindings-page'), 'BindingsPage');
const CatalogPage = lazyPage(() => import('../features/catalog/components/catalog-page'), 'CatalogPage');
const CatalogItemPage = lazyPage(
  () => import('../features/catalog/components/catalog-item-page'),
  'CatalogItemPage',
);
const UsersPage = lazyPage(() => import('../features/access/components/users-page'), 'UsersPage');
const ClientsPage = lazyPage(() => import('../features/access/components/clients-page'), 'ClientsPage');
const MeasuresPage = lazyPage(() => import('../features/checks/components/measures-page'), 'MeasuresPage');
const CasesPage = lazyPage(() => import('../features/applications/components/cases-page'), 'CasesPage');
const MyApplicationsPage = lazyPage(
  () => import('../features/applications/components/cases-page'),
  'MyApplicationsPage',
);
const AuditPage = lazyPage(() => import('../features/audit/components/audit-page'), 'AuditPage');
const PasswordPage = lazyPage(() => import('../features/access/components/password-page'), 'PasswordPage');
const ProfilesPage = lazyPage(() => import('../features/profiles/components/profiles-page'), 'ProfilesPage');
const ProvidersPage = lazyPage(
  () => import('../features/providers/components/providers-page'),
  'ProvidersPage',
);
const EvaluationPage = lazyPage(
  () => import('../features/evaluation/components/evaluation-page'),
  'EvaluationPage',
);
const InspectionsPage = lazyPage(
  () => import('../features/inspections/components/inspections-page'),
  'InspectionsPage',
);
const PlanPage = lazyPage(() => import('../features/inspections/components/plan-page'), 'PlanPage');
const DrawPage = lazyPage(() => import('../features/inspections/components/draw-page'), 'DrawPage');
const CommitmentsPage = lazyPage(
  () => import('../features/commitments/components/commitments-page'),
  'CommitmentsPage',
);
const FulfilmentPage = lazyPage(
  () => import('../features/commitments/components/fulfilment-page'),
  'FulfilmentPage',
);

/** The signed-in console: redirects to sign-in when nobody is signed in. */
export function ConsoleRoutes() {
  const { data: session, isLoading } = useSession();
  const location = useLocation();
  if (isLoading) return <PageLoading />;
  if (session === undefined || !session.authenticated)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;

  return (
    <Routes>
      <Route element={<ConsoleLayout session={session} />}>
        <Route index element={<ConsoleHomePage />} />
        <Route path="dashboard" element={<DashboardPage />} />
        <Route path="upload" element={<UploadPage />} />
        <Route path="batches" element={<BatchListPage />} />
        <Route path="batches/:id" element={<BatchReportPage />} />
        <Route path="templates" element={<TemplatesPage />} />
        <Route path="profiles" element={<ProfilesPage />} />
        <Route path="records" element={<OwnRecordsPage />} />
        <Route path="cases" element={<CasesPage />} />
        <Route path="checks" element={<ChecksPage />} />
        <Route path="check-verify" element={<CheckVerifyPage />} />
        <Route path="check-stats" element={<CheckStatsPage />} />
        <Route path="watches" element={<WatchesPage />} />
        <Route path="authorisations" element={<AuthorisationsPage />} />
        <Route path="my-file" element={<MyFilePage />} />
        <Route path="access-log" element={<AccessLogPage />} />
        <Route path="bindings" element={<BindingsPage />} />
        <Route path="applications" element={<MyApplicationsPage />} />
        <Route path="catalog" element={<CatalogPage />} />
        <Route path="catalog/:item" element={<CatalogItemPage />} />
        <Route path="users" element={<UsersPage />} />
        <Route path="clients" element={<ClientsPage />} />
        <Route path="measures" element={<MeasuresPage />} />
        <Route path="providers" element={<ProvidersPage />} />
        <Route path="evaluation" element={<EvaluationPage />} />
        <Route path="inspections" element={<InspectionsPage />} />
        <Route path="inspections/:planId" element={<PlanPage />} />
        <Route path="inspections/:planId/draws/:drawId" element={<DrawPage />} />
        <Route path="commitments" element={<CommitmentsPage />} />
        <Route path="commitment-fulfilment" element={<FulfilmentPage />} />
        <Route path="audit" element={<AuditPage />} />
        <Route path="password" element={<PasswordPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

import { Navigate, Route, Routes, useLocation } from 'react-router';
import { PlannedFeature } from '../components/planned-feature';
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
        <Route
          path="profiles"
          element={
            <PlannedFeature
              title="表头映射方案"
              purpose="保存本单位导出文件的表头与目录字段的对应关系，上传时选择方案即可自动识别列。现有方案可在上传时按名称使用。"
              waitsFor={['GET /api/v1/profiles', 'POST /api/v1/profiles', 'PUT /api/v1/profiles/{name}']}
            />
          }
        />
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
        <Route
          path="evaluation"
          element={
            <PlannedFeature
              title="信用评价模型"
              purpose="维护公共信用综合评价的指标、权重和等级划分，试算并发布评价结果，查看各等级主体分布。"
              waitsFor={[
                'GET /api/v1/evaluation/models',
                'POST /api/v1/evaluation/models',
                'GET /api/v1/evaluation/grades/distribution',
              ]}
            />
          }
        />
        <Route
          path="inspections"
          element={
            <PlannedFeature
              title="双随机抽查"
              purpose="按信用等级设定抽查比例和频次，随机抽取检查对象与执法检查人员，登记并公示抽查结果。"
              waitsFor={[
                'GET /api/v1/inspections/plans',
                'POST /api/v1/inspections/plans/{id}/draws',
                'POST /api/v1/inspections/{id}/results',
              ]}
            />
          }
        />
        <Route path="audit" element={<AuditPage />} />
        <Route path="password" element={<PasswordPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

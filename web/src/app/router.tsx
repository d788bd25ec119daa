import { BrowserRouter, Route, Routes } from 'react-router';
import { HomePage } from '../features/home/components/home-page';
import { lazyPage } from './lazy-page';
import { NotFoundPage } from './not-found-page';
import { PortalLayout } from './portal-layout';

// Public portal: the home page is in the entry chunk; every other page is loaded on demand.
const SearchPage = lazyPage(() => import('../features/search/components/search-page'), 'SearchPage');
const SubjectPage = lazyPage(() => import('../features/subject/components/subject-page'), 'SubjectPage');
const ReportRequestPage = lazyPage(
  () => import('../features/reports/components/report-request-page'),
  'ReportRequestPage',
);
const ReportVerifyPage = lazyPage(
  () => import('../features/reports/components/report-verify-page'),
  'ReportVerifyPage',
);
const ObjectionPage = lazyPage(
  () => import('../features/applications/components/objection-page'),
  'ObjectionPage',
);
const RepairPage = lazyPage(() => import('../features/applications/components/repair-page'), 'RepairPage');
const ProgressPage = lazyPage(
  () => import('../features/applications/components/progress-page'),
  'ProgressPage',
);
const PublicDrawsPage = lazyPage(
  () => import('../features/inspections/components/public-draws-page'),
  'PublicDrawsPage',
);
const PublicDrawPage = lazyPage(
  () => import('../features/inspections/components/public-draws-page'),
  'PublicDrawPage',
);
const LoginPage = lazyPage(() => import('../features/auth/components/login-page'), 'LoginPage');
const ConsoleRoutes = lazyPage(() => import('./console-routes'), 'ConsoleRoutes');

export function AppRouter() {
  return (
    <BrowserRouter>
      <Routes>
        <Route element={<PortalLayout />}>
          <Route index element={<HomePage />} />
          <Route path="search" element={<SearchPage />} />
          <Route path="subject/:code" element={<SubjectPage />} />
          <Route path="reports" element={<ReportRequestPage />} />
          <Route path="reports/verify" element={<ReportVerifyPage />} />
          <Route path="objections/new" element={<ObjectionPage />} />
          <Route path="repairs/new" element={<RepairPage />} />
          <Route path="progress" element={<ProgressPage />} />
          <Route path="inspections" element={<PublicDrawsPage />} />
          <Route path="inspections/:planId/draws/:drawId" element={<PublicDrawPage />} />
          <Route path="login" element={<LoginPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
        <Route path="console/*" element={<ConsoleRoutes />} />
      </Routes>
    </BrowserRouter>
  );
}

import type { Kysely, Transaction } from 'kysely';
import type {
  AccessLogTable,
  ApiClientTable,
  AuthorisationTable,
  LoginFailureTable,
  SessionTable,
  SubjectBindingTable,
  UserTable,
} from '../../modules/access/access.table.js';
import type { AuditEventTable, AuditHeadTable } from '../../modules/audit/audit.table.js';
import type { CatalogItemTable } from '../../modules/catalog/catalog.table.js';
import type {
  CheckFeedbackTable,
  CheckResultTable,
  CheckRunTable,
  NotificationTable,
  OutboxTable,
  WatchTable,
  WebhookTable,
} from '../../modules/checks/check.table.js';
import type {
  EvaluationModelTable,
  EvaluationResultTable,
  EvaluationRunTable,
} from '../../modules/evaluation/evaluation.table.js';
import type {
  BatchIssueTable,
  BatchTable,
  MappingProfileTable,
} from '../../modules/ingestion/batch.table.js';
import type {
  MeasureBasisDecisionTable,
  MeasureTable,
  ScenarioTable,
} from '../../modules/measures/measure.table.js';
import type { ProviderTable } from '../../modules/providers/provider.table.js';
import type { PublicRecordTallyTable, RecordTable } from '../../modules/records/record.table.js';
import type { ReportTable } from '../../modules/reports/report.table.js';
import type {
  SubjectNameGramTable,
  SubjectTable,
  SubjectTallyTable,
} from '../../modules/subjects/subject.table.js';
import type {
  InspectionDrawItemTable,
  InspectionDrawPopulationTable,
  InspectionDrawTable,
  InspectionPlanTable,
} from '../../modules/supervision/supervision.table.js';
import type {
  ApplicationEventTable,
  ApplicationEvidenceTable,
  ApplicationTable,
  EvidenceFileTable,
  EvidenceHolderTable,
} from '../../modules/workflows/workflow.table.js';
import type { PlatformTables } from './platform.table.js';

/**
 * Every table the application reads or writes, one interface per owning module.
 * Modules add their `*.table.ts` interface here; nothing else lives in this file.
 */
export interface Database extends PlatformTables {
  audit_event: AuditEventTable;
  audit_head: AuditHeadTable;
  catalog_item: CatalogItemTable;
  provider: ProviderTable;
  subject: SubjectTable;
  subject_name_gram: SubjectNameGramTable;
  subject_tally: SubjectTallyTable;
  mapping_profile: MappingProfileTable;
  batch: BatchTable;
  batch_issue: BatchIssueTable;
  record: RecordTable;
  public_record_tally: PublicRecordTallyTable;
  scenario: ScenarioTable;
  measure: MeasureTable;
  measure_basis_decision: MeasureBasisDecisionTable;
  check_run: CheckRunTable;
  check_result: CheckResultTable;
  check_feedback: CheckFeedbackTable;
  watch: WatchTable;
  notification: NotificationTable;
  webhook: WebhookTable;
  outbox: OutboxTable;
  evidence_file: EvidenceFileTable;
  application: ApplicationTable;
  application_event: ApplicationEventTable;
  application_evidence: ApplicationEvidenceTable;
  evidence_holder: EvidenceHolderTable;
  app_user: UserTable;
  user_session: SessionTable;
  login_failure: LoginFailureTable;
  api_client: ApiClientTable;
  subject_binding: SubjectBindingTable;
  authorisation: AuthorisationTable;
  access_log: AccessLogTable;
  evaluation_model: EvaluationModelTable;
  evaluation_run: EvaluationRunTable;
  evaluation_result: EvaluationResultTable;
  inspection_plan: InspectionPlanTable;
  inspection_draw: InspectionDrawTable;
  inspection_draw_population: InspectionDrawPopulationTable;
  inspection_draw_item: InspectionDrawItemTable;
  report: ReportTable;
}

/** A database handle (pool or single connection). */
export type Db = Kysely<Database>;
/** A handle inside an open transaction: functions that must run atomically take this. */
export type Tx = Transaction<Database>;
/** Either; for read functions that work inside or outside a transaction. */
export type Queryable = Kysely<Database>;

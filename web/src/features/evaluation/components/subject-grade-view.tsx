import { Alert, Skeleton } from 'antd';
import { ApiError, errorMessage } from '../../../lib/api';
import { NO_RESULT_YET, useGradeHistory, useSubjectGrade } from '../api/evaluation';
import { GradeExplanation } from './grade-explanation';

function gradeErrorText(error: unknown): string {
  if (error instanceof ApiError && error.status === 422)
    return error.problem.detail ?? '该主体不在评价范围内';
  if (error instanceof ApiError && error.status === 404)
    return error.problem.detail ?? '未找到该主体或其评价结果';
  return errorMessage(error);
}

/**
 * A subject's platform grade with its explanation, or why there is none. The history is read first: it says
 * whether the subject is scored at all and has results, so an ungraded subject never costs a failed request (and
 * a console error) for its grade.
 */
export function SubjectGradeView({
  subject,
  enabled = true,
  onOpenRecord,
}: {
  subject: string;
  enabled?: boolean;
  onOpenRecord: (id: number) => void;
}) {
  const history = useGradeHistory(subject, enabled);
  const graded = history.data !== undefined && history.data.results.length > 0;
  const grade = useSubjectGrade(subject, enabled && graded);
  if (history.isLoading || grade.isLoading) return <Skeleton active paragraph={{ rows: 5 }} />;
  if (history.error !== null) return <Alert type="info" showIcon title={gradeErrorText(history.error)} />;
  if (history.data?.notScored != null) return <Alert type="info" showIcon title={history.data.notScored} />;
  if (!graded) return <Alert type="info" showIcon title={NO_RESULT_YET} />;
  if (grade.error !== null) return <Alert type="info" showIcon title={gradeErrorText(grade.error)} />;
  if (grade.data === undefined) return null;
  return <GradeExplanation grade={grade.data} history={history.data} onOpenRecord={onOpenRecord} />;
}

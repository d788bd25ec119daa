import { Alert, Card, Skeleton } from 'antd';
import { Link } from 'react-router';
import { ApiError, errorMessage } from '../../../lib/api';
import { can, useSession } from '../../../lib/session';
import { NO_RESULT_YET, useGradeHistory, useSubjectGrade } from '../api/evaluation';
import { GradeExplanation } from './grade-explanation';

/**
 * The platform's grade of a subject (公共信用综合评价) on its credit file, for the readers allowed to see it: the
 * credit centre, regulators and the subject's own users. Everyone else is told why it is not shown.
 */
export function PlatformGrade({
  subject,
  subjectId,
  onOpenRecord,
}: {
  subject: string;
  subjectId: number;
  onOpenRecord: (id: number) => void;
}) {
  const session = useSession();
  const s = session.data;
  const allowed =
    can(s, 'evaluation.read') &&
    (s?.role === 'platform_admin' ||
      s?.role === 'regulator' ||
      (s?.role === 'subject_user' && s.scope.subjectId === subjectId));
  // History first: it says whether the subject is scored at all and has results, so an ungraded subject
  // never costs a failed request (and a console error) for its grade.
  const history = useGradeHistory(subject, allowed);
  const graded = history.data !== undefined && history.data.results.length > 0;
  const grade = useSubjectGrade(subject, allowed && graded);

  if (!allowed)
    return (
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title="公共信用综合评价等级不向社会公开"
        description={
          <span>
            评价等级是分级分类监管信息，仅向监管部门、信用中心和信用主体本人提供。信用主体可
            {s?.authenticated === true ? '绑定本主体后' : <Link to="/login">登录</Link>}
            查看本主体的评价等级及得分依据。以下为各部门依法公示的评价结果。
          </span>
        }
      />
    );
  return (
    <Card size="small" title="公共信用综合评价" style={{ marginBottom: 16 }}>
      {history.isLoading || grade.isLoading ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : history.error !== null ? (
        <Alert type="warning" showIcon title={errorMessage(history.error)} />
      ) : history.data?.notScored != null ? (
        <Alert type="info" showIcon title={history.data.notScored} />
      ) : !graded ? (
        <Alert type="info" showIcon title={NO_RESULT_YET} />
      ) : grade.error !== null ? (
        <Alert
          type="info"
          showIcon
          title={
            grade.error instanceof ApiError && grade.error.status === 422
              ? (grade.error.problem.detail ?? '该主体不在评价范围内')
              : grade.error instanceof ApiError && grade.error.status === 404
                ? `${grade.error.problem.detail ?? '该主体尚无评价结果'}。注销、吊销等状态的主体不参与评价；新纳入的主体在下一次评价后生成结果。`
                : errorMessage(grade.error)
          }
        />
      ) : grade.data === undefined ? null : (
        <GradeExplanation grade={grade.data} history={history.data} onOpenRecord={onOpenRecord} />
      )}
    </Card>
  );
}

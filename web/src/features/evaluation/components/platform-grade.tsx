import { Alert, Card } from 'antd';
import { Link } from 'react-router';
import { can, useSession } from '../../../lib/session';
import { SubjectGradeView } from './subject-grade-view';

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
      <SubjectGradeView subject={subject} enabled={allowed} onOpenRecord={onOpenRecord} />
    </Card>
  );
}

import { Type } from 'typebox';
import { ROLES } from '../../platform/actor.js';
import {
  DateString,
  Instant,
  Nullable,
  Pagination,
  RowId,
  Strict,
  StringEnum,
} from '../../platform/http/schema.js';

export const RoleSchema = StringEnum([...ROLES], { description: '角色' });

export const ScopeView = Type.Object({
  providerId: Type.Optional(Type.Integer()),
  organization: Type.Optional(Type.String()),
  scenarios: Type.Optional(Type.Array(Type.String())),
  subjectId: Type.Optional(Type.Integer()),
});

const ScopeInput = {
  providerId: Type.Optional(
    Nullable(Type.Integer({ minimum: 1, description: '信息提供单位 id (provider roles)' })),
  ),
  organization: Type.Optional(
    Nullable(Type.String({ maxLength: 200, description: '所属单位 (credit_user)' })),
  ),
  scenarios: Type.Optional(
    Nullable(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 100, description: '可核查的业务场景' })),
  ),
};

// ---- users -------------------------------------------------------------------------------------------------

export const UserView = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  scope: ScopeView,
  subjectName: Type.Optional(Type.String({ description: '主体用户绑定的主体名称（用户列表）' })),
  status: StringEnum(['active', 'disabled']),
  createdAt: Instant,
  lastLoginAt: Nullable(Instant),
  passwordChangedAt: Instant,
});

const Password = Type.String({ minLength: 1, maxLength: 256 });

export const NewUserBody = Strict({
  username: Type.String({ minLength: 3, maxLength: 64 }),
  displayName: Type.String({ minLength: 1, maxLength: 100 }),
  role: RoleSchema,
  password: Password,
  ...ScopeInput,
});

export const UserChangeBody = Strict({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  role: Type.Optional(RoleSchema),
  ...ScopeInput,
});

export const UserListQuery = Strict({
  role: Type.Optional(RoleSchema),
  status: Type.Optional(StringEnum(['active', 'disabled'])),
  providerId: Type.Optional(RowId),
  ...Pagination,
});

export const PasswordBody = Strict({ password: Password });

// ---- session -----------------------------------------------------------------------------------------------

export const SignInBody = Strict({
  username: Type.String({ minLength: 1, maxLength: 64 }),
  password: Password,
});

export const ChangePasswordBody = Strict({ currentPassword: Password, newPassword: Password });

export const SessionView = Type.Object({
  authenticated: Type.Boolean(),
  kind: StringEnum(['anonymous', 'user', 'client']),
  user: Type.Optional(UserView),
  client: Type.Optional(Type.Object({ id: Type.Integer(), name: Type.String() })),
  role: Nullable(RoleSchema),
  scope: ScopeView,
  /** Send back in `x-csrf-token` on every state-changing request made with the session cookie. */
  csrfToken: Nullable(Type.String()),
  expiresAt: Nullable(Instant),
  idleExpiresAt: Nullable(Instant),
  allowedActions: Type.Array(Type.String(), { description: '当前身份可执行的操作（界面据此显示功能）' }),
  /** The provider a provider operator / reviewer acts for (its default for uploads). */
  provider: Type.Optional(
    Type.Object({
      id: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      items: Type.Array(Type.String()),
    }),
  ),
});

// ---- API clients -------------------------------------------------------------------------------------------

export const ClientView = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  keyId: Type.String(),
  role: RoleSchema,
  scope: ScopeView,
  rateLimit: Nullable(Type.Integer()),
  status: StringEnum(['active', 'revoked']),
  createdAt: Instant,
  rotatedAt: Nullable(Instant),
  previousValidUntil: Nullable(Instant),
  revokedAt: Nullable(Instant),
  lastUsedAt: Nullable(Instant),
});

export const IssuedClientView = Type.Object({
  client: ClientView,
  token: Type.String({ description: 'Bearer token `<keyId>.<secret>`，仅此一次显示，请妥善保存' }),
});

export const NewClientBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  role: StringEnum(['provider_operator', 'provider_reviewer', 'credit_user', 'regulator']),
  rateLimit: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1_000_000 }))),
  ...ScopeInput,
});

export const RotateClientBody = Strict({
  overlapMinutes: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 10_080, description: '旧密钥继续有效的分钟数，0 = 立即失效' }),
  ),
});

export const ClientListQuery = Strict({
  status: Type.Optional(StringEnum(['active', 'revoked'])),
  ...Pagination,
});

// ---- subject bindings --------------------------------------------------------------------------------------

const BindingStatus = StringEnum(['pending', 'approved', 'rejected', 'revoked']);

export const BindingView = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  subject: Type.Object({
    id: Type.Integer(),
    kind: Type.String(),
    name: Type.String({ description: '自然人为脱敏姓名' }),
    uscc: Nullable(Type.String()),
  }),
  status: BindingStatus,
  evidence: Type.String(),
  requestedAt: Instant,
  decidedAt: Nullable(Instant),
  decidedBy: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
});

export const BindingRequestBody = Strict({
  subjectId: Type.Optional(RowId),
  uscc: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z]{18}$', description: '18 位统一社会信用代码' })),
  evidence: Type.String({
    minLength: 1,
    maxLength: 1000,
    description: '证明材料编号（营业执照、授权委托书等）',
  }),
});

export const DecisionBody = Strict({ note: Type.Optional(Type.String({ maxLength: 500 })) });

export const BindingListQuery = Strict({ status: Type.Optional(BindingStatus), ...Pagination });

// ---- authorisations ----------------------------------------------------------------------------------------

export const AuthorisationView = Type.Object({
  id: Type.Integer(),
  subjectId: Type.Integer(),
  subjectName: Type.String({ description: '主体名称（自然人为脱敏姓名）' }),
  granteeOrganization: Type.String(),
  purpose: Type.String(),
  validFrom: DateString,
  validTo: DateString,
  evidenceRef: Type.String(),
  registeredAt: Instant,
  registeredBy: Type.String(),
  revokedAt: Nullable(Instant),
  revokedBy: Nullable(Type.String()),
  revokeReason: Nullable(Type.String()),
});

export const NewAuthorisationBody = Strict({
  subjectId: Type.Optional(RowId),
  subject: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 40,
      description: '授权主体的统一社会信用代码或身份证号码（与 subjectId 二选一）',
    }),
  ),
  granteeOrganization: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  purpose: Type.String({ minLength: 1, maxLength: 500 }),
  validFrom: DateString,
  validTo: DateString,
  evidenceRef: Type.String({ minLength: 1, maxLength: 200, description: '授权书编号或存档号' }),
});

export const RevokeBody = Strict({ reason: Type.Optional(Type.String({ maxLength: 500 })) });

export const AuthorisationListQuery = Strict({
  subjectId: Type.Optional(RowId),
  organization: Type.Optional(Type.String({ maxLength: 200 })),
  ...Pagination,
});

// ---- access log --------------------------------------------------------------------------------------------

export const AccessLogView = Type.Object({
  id: Type.Integer(),
  at: Instant,
  actor: Type.Object({
    label: Type.String(),
    name: Type.String(),
    role: Nullable(Type.String()),
    organization: Nullable(Type.String()),
  }),
  subjectId: Type.Integer(),
  resource: Type.String(),
  purpose: Type.String(),
  legalBasis: Type.String(),
  authorisation: Nullable(
    Type.Object({
      id: Type.Integer(),
      granteeOrganization: Type.String(),
      purpose: Type.String(),
      validFrom: DateString,
      validTo: DateString,
      evidenceRef: Type.String(),
    }),
  ),
});

export const AccessLogQuery = Strict({
  subjectId: Type.Optional(RowId),
  actor: Type.Optional(Type.String({ maxLength: 100, description: 'e.g. user:12, client:3' })),
  organization: Type.Optional(Type.String({ maxLength: 200 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  ...Pagination,
});

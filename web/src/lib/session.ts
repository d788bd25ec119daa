import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type GetResponse, setCsrfToken, unwrap } from './api';

export type Session = GetResponse<'/api/v1/session'>;

export const SESSION_KEY = ['session'] as const;

/** Who is signed in (or that nobody is), the CSRF token and the actions the UI may offer. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_KEY,
    queryFn: async () => {
      const session = unwrap(await api.GET('/api/v1/session'));
      setCsrfToken(session.csrfToken);
      return session;
    },
    staleTime: 60_000,
  });
}

/** Whether the session allows `action` (policy.ts action names, e.g. `batch.submit`). */
export function can(session: Session | undefined, action: string): boolean {
  return session?.allowedActions.includes(action) ?? false;
}

/** Sign-in: stores the answer as the current session. */
export function useSignIn() {
  const client = useQueryClient();
  return async (username: string, password: string): Promise<Session> => {
    const session = unwrap(await api.POST('/api/v1/session', { body: { username, password } }));
    setCsrfToken(session.csrfToken);
    client.setQueryData(SESSION_KEY, session);
    return session;
  };
}

export function useSignOut() {
  const client = useQueryClient();
  return async (): Promise<void> => {
    await api.DELETE('/api/v1/session');
    setCsrfToken(null);
    client.clear();
    await client.invalidateQueries({ queryKey: SESSION_KEY });
  };
}

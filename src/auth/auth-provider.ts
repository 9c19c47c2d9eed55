/**
 * What the HTTP client asks for its Authorization header. Static credentials always give the same
 * header; OAuth refreshes its access token when it has expired, and once more after a 401.
 */
import { authorizationHeader, type Credentials } from './credentials.js';

export interface AuthProvider {
  header(): Promise<string>;
  /** Called after a 401. True when new credentials were obtained and the call may be retried once. */
  refresh?(): Promise<boolean>;
}

export function staticAuth(credentials: Credentials): AuthProvider {
  const header = authorizationHeader(credentials);
  return { header: async () => header };
}

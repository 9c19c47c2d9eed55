/** GET /api/v2/users/me (https://developer.zendesk.com/api-reference/ticketing/users/users/#show-the-currently-authenticated-user): anonymous callers get Zendesk's anonymous user. */
import { json } from '../http-answer.js';
import type { PortalCall, PortalEnv } from '../portal-call.js';
import type { Route } from '../route-table.js';

export function userRoutes(env: PortalEnv): Array<Route<PortalCall>> {
  return [
    {
      method: 'GET',
      path: '/api/v2/users/me',
      handle: ({ account }) => {
        if (!account) return json(200, { user: { id: null, url: null, name: 'Anonymous user', email: 'invalid@example.com', role: 'end-user', verified: false } });
        return json(200, { user: { id: account.id, url: env.api(`/users/${account.id}.json`), name: account.name, email: account.email, role: 'end-user', verified: true } });
      },
    },
  ];
}

// Admin: users, roles and members, quotas and the audit log.
import { comingPage } from './coming.js';

export const mount = comingPage('Admin', 'Administration is coming',
  'Users, the roles and members of each workspace, quotas with how much of each is used, and the audit log with filters will be here.',
  'Meanwhile, create users and set passwords with wb user create and wb user set-password.');

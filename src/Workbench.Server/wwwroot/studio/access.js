// What the caller's role in a workspace lets them do, read from the API's role definitions, so pages
// offer only the controls that would work. The API checks every call again.
import { api, workspacePath } from './api.js';

const byWorkspace = new Map();

/** Azure-style action patterns: `*` matches any run of characters, case ignored. */
function matches(pattern, action) {
  const expression = pattern.split('*').map(part => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*');
  return new RegExp(`^${expression}$`, 'i').test(action);
}

function grants(role, action) {
  return role.actions.some(p => matches(p, action)) && !role.notActions.some(p => matches(p, action));
}

/** { role, can(action), ownComputesOnly }; platform admins act as Owner everywhere. */
export function accessIn(workspace, me) {
  if (!byWorkspace.has(workspace)) {
    byWorkspace.set(workspace, Promise.all([api.get(workspacePath(workspace)), api.get('roles')]).then(([found, roles]) => {
      const role = roles.value.find(r => r.name === found.role);
      if (me.isAdmin || !role) {
        return { role: found.role, can: () => me.isAdmin, ownComputesOnly: false };
      }
      return { role: role.name, can: action => grants(role, action), ownComputesOnly: role.ownComputesOnly };
    }).catch(error => {
      byWorkspace.delete(workspace);
      throw error;
    }));
  }
  return byWorkspace.get(workspace);
}

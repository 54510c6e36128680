// Admin: the workspace's members, quotas and audit log, the role definitions and (platform admins)
// the users, one tab each at /w/{ws}/admin/{tab}. Tabs and their controls show only what the caller's
// role allows; the API checks every call again.
import { h, fill, emptyState } from '../dom.js';

const tabs = [
  { name: 'members', title: 'Members', allowed: ({ access }) => access.can('workspaces/members/read'), load: () => import('./admin/members.js') },
  { name: 'quotas', title: 'Quotas', allowed: ({ access }) => access.can('quotas/read'), load: () => import('./admin/quotas.js') },
  { name: 'audit', title: 'Audit log', allowed: ({ access }) => access.can('audit/read'), load: () => import('./admin/audit.js') },
  { name: 'users', title: 'Users', allowed: ({ me }) => me.isAdmin, load: () => import('./admin/users.js') },
  { name: 'roles', title: 'Roles', allowed: () => true, load: () => import('./admin/roles.js') },
];

export function mount(main, context) {
  const shown = tabs.filter(t => t.allowed(context));
  const tab = shown.find(t => t.name === (context.params.name ?? shown[0].name));
  const base = `/w/${encodeURIComponent(context.workspace)}/admin`;
  const body = h('div');
  fill(main,
    h('div', { class: 'page-head' }, h('h1', {}, `Admin of ${context.workspace}`)),
    h('nav', { class: 'tabs', 'aria-label': 'Admin sections' },
      ...shown.map(t => h('a', { href: `${base}/${t.name}`, 'aria-current': t === tab ? 'page' : false }, t.title))),
    body);
  if (!tab) {
    fill(body, emptyState('Nothing to see here', 'Your role in this workspace does not let you read this section. Pick one of the tabs above.'));
    return null;
  }
  let cleanup = null;
  let left = false;
  tab.load().then(module => {
    if (!left) {
      cleanup = module.mount(body, context) ?? null;
    }
  });
  return () => {
    left = true;
    cleanup?.();
  };
}

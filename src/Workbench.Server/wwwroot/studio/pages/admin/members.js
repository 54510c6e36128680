// The workspace's members and their one role each: assign (a new role replaces the old) and remove.
import { api, workspacePath } from '../../api.js';
import { confirmAction } from '../../dialogs.js';
import { h, fill, emptyState } from '../../dom.js';
import { field, formSummary, onSubmit } from '../../form-field.js';
import { dateTime } from '../../format.js';
import { showError, showInfo } from '../../notice.js';
import { dataTable } from '../../table.js';

export function mount(body, { workspace, access }) {
  const path = workspacePath(workspace, 'members');
  const mayWrite = access.can('workspaces/members/write');
  const listing = h('div');
  const roleOptions = h('select', { name: 'role', required: true });
  const user = field('member-user', 'User', h('input', { name: 'user', autocomplete: 'off', required: true }), 'A user name; admins create users under Users.');
  const role = field('member-role', 'Role', roleOptions);
  const summary = formSummary();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Assign role');
  const form = mayWrite ? h('form', { class: 'panel create-form', novalidate: true, 'aria-label': 'Assign a role' },
    h('h2', {}, 'Assign a role'), summary.element,
    h('div', { class: 'field-grid' }, user.wrapper, role.wrapper),
    h('div', { class: 'actions' }, submit)) : null;

  fill(body, h('p', { class: 'hint' }, 'Each member has one role here; assigning another replaces it. Platform admins act as Owner without being members.'), form, listing);

  api.get('roles').then(roles => fill(roleOptions, ...roles.value.map(r => h('option', { value: r.name }, r.name)))).catch(showError);

  async function load() {
    const members = (await api.get(path)).value;
    fill(listing, members.length === 0
      ? emptyState('No members yet', mayWrite ? 'Assign a role to a user above to make them a member.' : 'An Owner of the workspace assigns roles to users.')
      : dataTable(`Members of ${workspace}`, ['User', 'Role', 'Assigned', mayWrite ? 'Actions' : null].filter(Boolean), members.map(m => [
        m.user, m.role, dateTime(m.assignedAt),
        mayWrite ? h('button', { type: 'button', class: 'small danger', 'aria-label': `Remove ${m.user}`, onclick: () => remove(m.user) }, 'Remove') : null,
      ].filter(cell => cell !== null))));
  }

  async function remove(name) {
    if (await confirmAction({ title: `Remove ${name}?`, message: `${name} loses their role in ${workspace}; their computes stay.`, confirmLabel: 'Remove', danger: true })) {
      try {
        await api.delete(`${path}/${encodeURIComponent(name)}`);
        showInfo(`${name} is no longer a member of ${workspace}.`);
      } catch (error) {
        showError(error);
      }
      await load().catch(showError);
    }
  }

  if (form) {
    onSubmit(form, { summary, fields: { role }, button: submit, submit: async () => {
      const name = user.control.value.trim();
      if (!name) {
        user.setError('Name the user to assign a role to.');
        return;
      }
      await api.put(`${path}/${encodeURIComponent(name)}`, { role: roleOptions.value });
      showInfo(`${name} is ${roleOptions.value} in ${workspace}.`);
      user.control.value = '';
      await load();
    } });
  }
  load().catch(error => fill(listing, emptyState('The members cannot be shown', error.message)));
}

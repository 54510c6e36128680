// Users (platform admins): everyone who may sign in, and creating one, with a password, a role in the
// default workspace and the first API token, shown once.
import { api } from '../../api.js';
import { h, fill, emptyState } from '../../dom.js';
import { field, formSummary, onSubmit } from '../../form-field.js';
import { dateTime } from '../../format.js';
import { dataTable } from '../../table.js';

export function mount(body) {
  const listing = h('div');
  const created = h('div', { class: 'panel secret', role: 'status', hidden: true });
  const roleOptions = h('select', { name: 'role' });
  const name = field('user-name', 'User name', h('input', { name: 'name', autocomplete: 'off', required: true }));
  const password = field('user-password', 'Password (optional)', h('input', { name: 'password', type: 'password', autocomplete: 'new-password' }), '8 characters or more; without one they use their token.');
  const role = field('user-role', 'Role in default', roleOptions, 'Empty: a member of no workspace until assigned.');
  const admin = h('input', { type: 'checkbox', name: 'admin' });
  const summary = formSummary();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create user');
  const form = h('form', { class: 'panel create-form', novalidate: true, 'aria-label': 'New user' },
    h('h2', {}, 'New user'), summary.element,
    h('div', { class: 'field-grid' }, name.wrapper, password.wrapper, role.wrapper),
    h('label', { class: 'check' }, admin, ' Platform admin (Owner of every workspace, manages users and roles)'),
    h('div', { class: 'actions' }, submit));
  fill(body, form, created, listing);

  api.get('roles').then(roles => fill(roleOptions, h('option', { value: '' }, '(none)'), ...roles.value.map(r => h('option', { value: r.name }, r.name))))
    .catch(error => summary.show(error.message));

  async function load() {
    const users = (await api.get('users')).value;
    fill(listing, dataTable('Users', ['Name', 'Admin', 'Password', 'Created'],
      users.map(u => [u.name, u.isAdmin ? 'Yes' : 'No', u.hasPassword ? 'Set' : 'None', dateTime(u.createdAt)]), 'users'));
  }

  onSubmit(form, { summary, fields: { name, password, role }, button: submit, submit: async () => {
    const request = { name: name.control.value.trim(), admin: admin.checked };
    if (password.control.value) {
      request.password = password.control.value;
    }
    if (roleOptions.value) {
      request.role = roleOptions.value;
    }
    const answer = await api.post('users', request);
    form.reset();
    fill(created, h('h2', {}, `${answer.name} is created`),
      h('p', {}, 'Their API token, shown this once (for wb login --token):'), h('code', { class: 'command' }, answer.token));
    created.hidden = false;
    await load();
  } });
  load().catch(error => fill(listing, emptyState('The users cannot be shown', error.message)));
}

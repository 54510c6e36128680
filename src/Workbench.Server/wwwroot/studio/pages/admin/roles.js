// Role definitions: the built-in ones and custom ones made of action patterns, as in Azure RBAC.
// Platform admins create custom roles.
import { api } from '../../api.js';
import { h, fill, emptyState } from '../../dom.js';
import { field, formSummary, onSubmit } from '../../form-field.js';
import { dataTable } from '../../table.js';

const lines = text => text.split('\n').map(l => l.trim()).filter(Boolean);

export function mount(body, { me }) {
  const listing = h('div');
  const name = field('role-name', 'Name', h('input', { name: 'name', autocomplete: 'off', required: true }));
  const description = field('role-description', 'Description', h('input', { name: 'description', autocomplete: 'off' }));
  const actions = field('role-actions', 'Actions', h('textarea', { name: 'actions', rows: 4, placeholder: 'workspaces/*/read\nworkspaces/jobs/*' }), 'One pattern a line; * matches any run of characters.');
  const notActions = field('role-not-actions', 'Not actions', h('textarea', { name: 'notActions', rows: 2, placeholder: 'workspaces/jobs/delete' }), 'Taken away from what Actions grant.');
  const ownOnly = h('input', { type: 'checkbox', name: 'ownComputesOnly' });
  const summary = formSummary();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create role');
  const form = me.isAdmin ? h('form', { class: 'panel create-form', novalidate: true, 'aria-label': 'New custom role' },
    h('h2', {}, 'New custom role'), summary.element,
    h('div', { class: 'field-grid' }, name.wrapper, description.wrapper),
    h('div', { class: 'field-grid' }, actions.wrapper, notActions.wrapper),
    h('label', { class: 'check' }, ownOnly, ' Own computes only (compute and job actions apply to their own instances)'),
    h('div', { class: 'actions' }, submit)) : null;
  fill(body, form, listing);

  async function load() {
    const roles = (await api.get('roles')).value;
    fill(listing, dataTable('Roles', ['Name', 'Description', 'Actions', 'Not actions', 'Kind'], roles.map(r => [
      r.name, r.description, h('code', {}, r.actions.join(' ')), h('code', {}, r.notActions.join(' ')),
      `${r.isBuiltIn ? 'Built-in' : 'Custom'}${r.ownComputesOnly ? ', own computes only' : ''}`,
    ]), 'roles'));
  }

  if (form) {
    onSubmit(form, { summary, fields: { name, actions, notActions }, button: submit, submit: async () => {
      await api.put(`roles/${encodeURIComponent(name.control.value.trim())}`, {
        description: description.control.value.trim(),
        actions: lines(actions.control.value),
        notActions: lines(notActions.control.value),
        ownComputesOnly: ownOnly.checked,
      });
      form.reset();
      await load();
    } });
  }
  load().catch(error => fill(listing, emptyState('The roles cannot be shown', error.message)));
}

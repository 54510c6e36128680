// The audit log, newest first: every call that may change something, with who, what, on which path and
// the status it got; filtered by user, action and since when. Platform admins may read every workspace's.
import { api, workspacePath } from '../../api.js';
import { h, fill, emptyState } from '../../dom.js';
import { field } from '../../form-field.js';
import { dateTime } from '../../format.js';
import { dataTable } from '../../table.js';

const rowsShown = 200;

export function mount(body, { workspace, query, me, navigate }) {
  const filters = { user: query.get('user') ?? '', action: query.get('action') ?? '', since: query.get('since') ?? '', all: query.get('all') ?? '' };
  const user = field('audit-user', 'User', h('input', { name: 'user', value: filters.user, autocomplete: 'off' }));
  const action = field('audit-action', 'Action', h('input', { name: 'action', value: filters.action, autocomplete: 'off', placeholder: 'workspaces/computes/write' }));
  const since = field('audit-since', 'Since', h('input', { name: 'since', type: 'datetime-local', value: filters.since }), 'Your local time.');
  const all = me.isAdmin ? h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'all', checked: filters.all === 'true' }), ' Every workspace') : null;
  const listing = h('div');
  const form = h('form', { class: 'panel filters', 'aria-label': 'Filter the audit log' },
    h('div', { class: 'field-grid' }, user.wrapper, action.wrapper, since.wrapper),
    h('div', { class: 'actions' }, all, h('button', { type: 'submit', class: 'primary' }, 'Filter')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const next = new URLSearchParams({
      user: user.control.value.trim(), action: action.control.value.trim(), since: since.control.value, all: all?.querySelector('input').checked ? 'true' : '',
    });
    [...next.keys()].filter(k => !next.get(k)).forEach(k => next.delete(k));
    navigate(`${location.pathname}${next.size > 0 ? `?${next}` : ''}`);
  });
  fill(body, form, listing);

  const search = new URLSearchParams();
  if (filters.user) {
    search.set('user', filters.user);
  }
  if (filters.action) {
    search.set('action', filters.action);
  }
  if (filters.since) {
    search.set('since', new Date(filters.since).toISOString());
  }
  const path = `${filters.all === 'true' ? 'audit' : workspacePath(workspace, 'audit')}${search.size > 0 ? `?${search}` : ''}`;
  api.first(path, rowsShown).then(({ items, more }) => {
    fill(listing, items.length === 0
      ? emptyState('Nothing recorded matches', 'Every call that may change something is recorded here. Clear the filters to see all of them.')
      : [dataTable('Audit log', ['When', 'Who', 'Action', 'Target', 'Status', 'Fields'], items.map(e => [
        dateTime(e.at), e.actor, e.action, h('code', {}, e.target), String(e.status), e.changedFields.join(', '),
      ]), 'audit'), more ? h('p', { class: 'hint' }, `The newest ${rowsShown} are shown; narrow the filters to see older ones.`) : null]);
  }, error => fill(listing, emptyState('The audit log cannot be shown', error.message)));
}

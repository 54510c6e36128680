// The workspace's vCPU quotas: how much of each VM family's limit (and the total) is used, as bars,
// and setting a limit.
import { api, workspacePath } from '../../api.js';
import { h, fill, emptyState } from '../../dom.js';
import { field, formSummary, onSubmit } from '../../form-field.js';
import { showInfo } from '../../notice.js';
import { dataTable } from '../../table.js';

function usage(quota) {
  const label = quota.limit === null ? `${quota.family}: ${quota.used} vCPUs used, no limit` : `${quota.family}: ${quota.used} of ${quota.limit} vCPUs`;
  return h('div', { class: 'usage' },
    quota.limit === null ? null : h('meter', { min: 0, max: Math.max(quota.limit, 1), value: quota.used, high: quota.limit * 0.8, 'aria-label': label }),
    h('span', {}, quota.limit === null ? `${quota.used} used · unlimited` : `${quota.used} / ${quota.limit}`));
}

export function mount(body, { workspace, access }) {
  const path = workspacePath(workspace, 'quotas');
  const mayWrite = access.can('quotas/write');
  const listing = h('div');
  const families = h('select', { name: 'family' });
  const family = field('quota-family', 'Family', families);
  const vCpus = field('quota-vcpus', 'vCPU limit', h('input', { type: 'number', min: 0, name: 'vCpus', inputmode: 'numeric' }), 'Empty: back to the server\'s default.');
  const summary = formSummary();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Set limit');
  const form = mayWrite ? h('form', { class: 'panel create-form', novalidate: true, 'aria-label': 'Set a quota' },
    h('h2', {}, 'Set a limit'), summary.element,
    h('div', { class: 'field-grid' }, family.wrapper, vCpus.wrapper),
    h('div', { class: 'actions' }, submit)) : null;

  fill(body, h('p', { class: 'hint' }, 'vCPUs held by this workspace\'s computes against its limits, per VM family and in total. A create beyond a limit is refused.'), form, listing);

  function render(quotas) {
    fill(listing, dataTable(`Quotas of ${workspace}`, ['Family', 'Usage'], quotas.map(q => [q.family, usage(q)]), 'quotas'));
    if (families.options.length === 0) {
      fill(families, ...quotas.map(q => h('option', { value: q.family }, q.family)));
    }
  }

  if (form) {
    onSubmit(form, { summary, fields: { family, vCpus }, button: submit, submit: async () => {
      const text = vCpus.control.value.trim();
      const answer = await api.put(`${path}/${encodeURIComponent(families.value)}`, { vCpus: text === '' ? null : Number(text) });
      render(answer.value);
      showInfo(text === '' ? `${families.value} is back to the default limit.` : `${families.value} is limited to ${text} vCPUs.`);
    } });
  }
  api.get(path).then(page => render(page.value), error => fill(listing, emptyState('The quotas cannot be shown', error.message)));
}

// Jobs: the workspace's jobs, newest first, with their live state (read again every 2 s), filters by
// state and compute, and the form that submits one from YAML.
import { api, workspacePath } from '../api.js';
import { h, fill, emptyState, stateBadge } from '../dom.js';
import { dateTime } from '../format.js';
import { jobForm } from '../job-form.js';
import { showError } from '../notice.js';
import { keepRefreshed } from '../refresh.js';
import { dataTable } from '../table.js';

const states = ['Queued', 'Starting', 'Running', 'Completed', 'Failed', 'Canceled'];
const listSize = 200;

export function mount(main, { workspace, query, navigate, access }) {
  const filters = { state: query.get('state') ?? '', compute: query.get('compute') ?? '' };
  const base = `/w/${encodeURIComponent(workspace)}/jobs`;
  const mayCreate = access.can('workspaces/jobs/write');
  let shown = '';

  const filter = (id, label, options, key) => h('div', { class: 'filter' },
    h('label', { for: id }, label),
    h('select', { id, onchange: e => setFilter(key, e.target.value) },
      h('option', { value: '' }, 'All'),
      ...options.map(o => h('option', { value: o, selected: o === filters[key] }, o))));
  const computePicker = filter('job-compute', 'Compute', filters.compute ? [filters.compute] : [], 'compute');
  const newButton = mayCreate ? h('button', { type: 'button', class: 'primary', onclick: () => openForm() }, 'Submit job') : null;
  const { form, focus } = jobForm({
    workspace,
    onSubmitted: job => navigate(`${base}/${encodeURIComponent(job.name)}`),
    onCancel: () => { form.hidden = true; },
  });
  form.hidden = true;
  const listing = h('div');

  function openForm() {
    form.hidden = false;
    focus();
  }

  function setFilter(key, value) {
    const next = new URLSearchParams({ ...filters, [key]: value });
    [...next.keys()].filter(k => !next.get(k)).forEach(k => next.delete(k));
    navigate(`${base}${next.size > 0 ? `?${next}` : ''}`);
  }

  fill(main,
    h('div', { class: 'page-head' },
      h('h1', {}, 'Jobs'),
      h('div', { class: 'toolbar' }, filter('job-state', 'State', states, 'state'), computePicker, newButton)),
    form, listing);

  // Jobs run on instances and on clusters alike: the filter offers both.
  Promise.all([api.first(workspacePath(workspace, 'computes'), 1000), api.all(workspacePath(workspace, 'clusters'))]).then(([{ items }, clusters]) => {
    const select = computePicker.querySelector('select');
    const names = [...items, ...clusters].map(c => c.name).sort((a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }));
    fill(select, h('option', { value: '' }, 'All'),
      ...[...new Set([...names, filters.compute].filter(Boolean))].map(n => h('option', { value: n, selected: n === filters.compute }, n)));
  }).catch(showError);

  function render(jobs) {
    const seen = JSON.stringify(jobs.map(j => [j.name, j.state, j.exitCode, j.endedAt]));
    if (seen === shown) {
      return;
    }
    shown = seen;
    if (jobs.length === 0) {
      fill(listing, filters.state || filters.compute
        ? emptyState('No jobs match', 'Choose All in the filters above to see every job of the workspace.')
        : emptyState('No jobs yet', 'A job runs a command on one of your computes and keeps its log and outputs in the workspace share.',
          mayCreate ? 'Choose Submit job and paste a spec (name, command, compute), or load a .yml file; its log then streams on the job\'s page.'
            : `Your role here (${access.role}) may look at jobs but not submit them.`));
      return;
    }
    fill(listing, dataTable(`Jobs in ${workspace}`, ['Name', 'State', 'Compute', 'Submitted by', 'Submitted', 'Ended', 'Exit code'],
      jobs.map(job => [
        h('a', { href: `${base}/${encodeURIComponent(job.name)}` }, job.name),
        stateBadge(job.state), job.compute, job.submittedBy, dateTime(job.submittedAt), dateTime(job.endedAt), job.exitCode ?? '',
      ]), 'jobs'));
  }

  async function poll() {
    try {
      const search = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
      render((await api.first(`${workspacePath(workspace, 'jobs')}${search.size > 0 ? `?${search}` : ''}`, listSize)).items);
    } catch (error) {
      showError(error);
    }
  }

  const refreshing = keepRefreshed(poll);
  return () => {
    refreshing.stop();
  };
}

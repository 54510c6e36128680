// One job: its state (read again every 2 s until it ends), what it runs where, its stdout and stderr as
// they are written, Cancel, and its output files to download.
import { api, workspacePath } from '../api.js';
import { confirmAction } from '../dialogs.js';
import { h, fill, emptyState, stateBadge } from '../dom.js';
import { bytes, dateTime } from '../format.js';
import { followedLog } from '../log-view.js';
import { showError, showInfo } from '../notice.js';
import { keepRefreshed } from '../refresh.js';
import { definitions, section } from '../sections.js';
import { dataTable } from '../table.js';

const finalStates = ['Completed', 'Failed', 'Canceled'];

export function mount(main, { workspace, params, access }) {
  const path = workspacePath(workspace, 'jobs', params.name);
  const listUrl = `/w/${encodeURIComponent(workspace)}/jobs`;
  const head = h('div');
  const overview = h('div');
  const outputs = h('div');
  const logs = [
    followedLog(`${path}/logs/stdout?follow=true`, 'Standard output', 'The job wrote nothing to its standard output.'),
    followedLog(`${path}/logs/stderr?follow=true`, 'Standard error', 'The job wrote nothing to its standard error.'),
  ];
  const cancel = access.can('workspaces/jobs/write') ? h('button', { type: 'button', class: 'danger', onclick: cancelJob }, 'Cancel job') : null;
  let shown = '';

  fill(main,
    h('p', { class: 'breadcrumbs' }, h('a', { href: listUrl }, 'Jobs'), ' / ', params.name),
    head, overview,
    section('Output (stdout)', logs[0].element),
    section('Errors (stderr)', logs[1].element),
    section('Outputs', outputs));

  async function cancelJob() {
    const sure = await confirmAction({ title: `Cancel ${params.name}?`, message: 'A queued job ends at once; a running one is killed, its whole process tree.', confirmLabel: 'Cancel job', danger: true });
    if (!sure) {
      return;
    }
    try {
      render(await api.post(`${path}/cancel`));
      showInfo(`${params.name} is being canceled.`);
    } catch (error) {
      showError(error);
    }
  }

  async function showOutputs(job) {
    if (Object.keys(job.outputs).length === 0) {
      fill(outputs, h('p', { class: 'hint' }, 'This job names no outputs. A spec\'s outputs (outputs: { result: { path: outputs/run-1/ } }) are folders in the share that the job writes to.'));
      return;
    }
    const files = (await api.get(`${path}/outputs`)).value;
    fill(outputs, files.length === 0
      ? h('p', { class: 'hint' }, finalStates.includes(job.state) ? 'The job wrote no files to its outputs.' : 'Its files are listed here once the job has written them.')
      : dataTable(`Outputs of ${job.name}`, ['File', 'Output', 'Size'], files.map(f => [
        h('a', { href: `/api/v1/${path}/outputs/${encodeURIComponent(f.output)}/${f.path.split('/').map(encodeURIComponent).join('/')}`, download: f.path.split('/').pop() }, f.path),
        f.output, bytes(f.size)])));
  }

  function render(job) {
    const seen = JSON.stringify(job);
    if (seen === shown) {
      return;
    }
    shown = seen;
    const ended = finalStates.includes(job.state);
    if (cancel) {
      cancel.disabled = ended;
    }
    fill(head, h('div', { class: 'page-head' }, h('h1', {}, job.displayName || job.name, ' ', stateBadge(job.state)), cancel));
    fill(overview,
      job.message && job.state !== 'Completed' ? h('div', { class: 'form-error' }, h('strong', {}, job.reason ?? 'Note'), ' ', job.message) : null,
      section('Overview', definitions([
        ['Name', job.name], ['Compute', job.compute], ['Command', h('code', { class: 'command' }, job.command)],
        ['Submitted', `${dateTime(job.submittedAt)} by ${job.submittedBy}`], ['Started', dateTime(job.startedAt)], ['Ended', dateTime(job.endedAt)],
        ['Exit code', job.exitCode ?? ''], ['Reason', job.reason ?? ''], ['Logs in the share', `${job.logs.stdout}, ${job.logs.stderr}`],
      ])));
    showOutputs(job).catch(showError);
  }

  async function poll() {
    try {
      const job = await api.get(path);
      render(job);
      if (finalStates.includes(job.state)) {
        return false;
      }
    } catch (error) {
      if (error.status === 404) {
        logs.forEach(l => l.stop());
        fill(main, emptyState(`There is no job named ${params.name}`, 'Go back to Jobs to see the jobs of this workspace.'));
        return false;
      }
      showError(error);
    }
  }

  const refreshing = keepRefreshed(poll);
  return () => {
    refreshing.stop();
    logs.forEach(l => l.stop());
  };
}

// One cluster: its settings, its nodes with their state and jobs (read again every 2 s), why scale-out
// waits when it does, and Change and Delete for the roles that may.
import { api, workspacePath } from '../api.js';
import { clusterForm } from '../cluster-form.js';
import { nodeCounts, nodeTable } from '../cluster-nodes.js';
import { confirmAction } from '../dialogs.js';
import { h, fill, emptyState, stateBadge } from '../dom.js';
import { dateTime } from '../format.js';
import { showError, showInfo } from '../notice.js';
import { keepRefreshed } from '../refresh.js';
import { definitions, section } from '../sections.js';

export function mount(main, { workspace, params, navigate, access }) {
  const path = workspacePath(workspace, 'clusters', params.name);
  const listUrl = `/w/${encodeURIComponent(workspace)}/clusters`;
  const head = h('div');
  const formSlot = h('div');
  const body = h('div');
  const change = access.can('workspaces/clusters/write') ? h('button', { type: 'button', onclick: openForm }, 'Change') : null;
  const remove = access.can('workspaces/clusters/delete') ? h('button', { type: 'button', class: 'danger', onclick: deleteCluster }, 'Delete') : null;
  let current = null;
  let shown = '';

  fill(main, h('p', { class: 'breadcrumbs' }, h('a', { href: listUrl }, 'Clusters'), ' / ', params.name), head, formSlot, body);

  function openForm() {
    const { form, focus } = clusterForm({
      workspace,
      cluster: current,
      onSaved: cluster => {
        fill(formSlot);
        change.hidden = false;
        showInfo(`${cluster.name} is changed.`);
        render(cluster);
      },
      onCancel: () => {
        fill(formSlot);
        change.hidden = false;
      },
    });
    fill(formSlot, form);
    change.hidden = true;
    focus();
  }

  async function deleteCluster() {
    const sure = await confirmAction({
      title: `Delete ${params.name}?`,
      message: 'Its nodes leave and it is gone. A cluster with jobs that have not ended (queued ones too) is not deleted: cancel them or let them end first.',
      confirmLabel: 'Delete',
      danger: true,
    });
    if (!sure) {
      return;
    }
    try {
      await api.delete(path);
      showInfo(`${params.name} is being deleted; its nodes leave first.`);
      navigate(listUrl);
    } catch (error) {
      showError(error);
    }
  }

  function render(cluster) {
    const seen = JSON.stringify(cluster);
    // Unchanged: leave the page (and the keyboard focus in it) as it is.
    if (seen === shown) {
      return;
    }
    shown = seen;
    current = cluster;
    if (remove) {
      remove.disabled = cluster.state === 'Deleting';
    }
    fill(head, h('div', { class: 'page-head' },
      h('h1', {}, cluster.name, ' ', stateBadge(cluster.state)),
      h('div', { class: 'row-actions' }, change, remove)));
    fill(body,
      cluster.error ? h('div', { class: 'form-error', role: 'alert' }, h('strong', {}, 'Error'), h('pre', {}, cluster.error)) : null,
      cluster.scaleOutWaits ? h('div', { class: 'waits', role: 'status' }, h('strong', {}, 'Waiting: '), cluster.scaleOutWaits) : null,
      section('Settings', definitions([
        ['Size', cluster.size],
        ['Nodes', `${nodeCounts(cluster)} (min ${cluster.minNodes})`],
        ['Idle before scale-down', `${cluster.idleSecondsBeforeScaleDown} s`],
        ['Tier', cluster.tier],
        ['Driver', cluster.driver],
        ['Partition', cluster.partition ?? ''],
        ['Jobs', `${cluster.jobs.running} running / ${cluster.jobs.queued} queued`],
        ['Created by', cluster.createdBy],
        ['Created', dateTime(cluster.createdAt)],
        ['Updated', dateTime(cluster.updatedAt)],
      ])),
      section('Nodes', cluster.nodes.length === 0
        ? h('p', { class: 'hint' }, `No nodes now. They appear when a job names ${cluster.name} as its compute (compute: ${cluster.name}) and leave after ${cluster.idleSecondsBeforeScaleDown} s idle, down to ${cluster.minNodes}.`)
        : nodeTable(cluster)));
  }

  async function poll() {
    try {
      render(await api.get(path));
    } catch (error) {
      if (error.status === 404) {
        fill(head);
        fill(body, emptyState(`There is no cluster named ${params.name}`, 'It may have been deleted. Go back to Clusters to see what there is.'));
        return false;
      }
      showError(error);
    }
  }

  const refreshing = keepRefreshed(poll);
  return () => {
    refreshing.stop();
  };
}

// Clusters: the workspace's clusters with their nodes counted by state (read again every 2 s, so nodes
// appear and leave without a reload), and the form that creates one for the roles that may.
import { api, workspacePath } from '../api.js';
import { clusterForm } from '../cluster-form.js';
import { nodeCounts } from '../cluster-nodes.js';
import { h, fill, emptyState, stateBadge } from '../dom.js';
import { showError, showInfo } from '../notice.js';
import { keepRefreshed } from '../refresh.js';
import { dataTable } from '../table.js';

export function mount(main, { workspace, navigate, access }) {
  const base = `/w/${encodeURIComponent(workspace)}/clusters`;
  const mayCreate = access.can('workspaces/clusters/write');
  const listing = h('div');
  let shown = '';
  const newButton = mayCreate ? h('button', { type: 'button', class: 'primary', onclick: () => openForm() }, 'New cluster') : null;
  const { form, focus } = clusterForm({
    workspace,
    cluster: null,
    onSaved: cluster => {
      showInfo(`${cluster.name} is created; its nodes appear when a job names it as its compute.`);
      navigate(`${base}/${encodeURIComponent(cluster.name)}`);
    },
    onCancel: () => closeForm(),
  });
  form.hidden = true;

  function openForm() {
    form.hidden = false;
    if (newButton) {
      newButton.hidden = true;
    }
    focus();
  }

  function closeForm() {
    form.hidden = true;
    newButton.hidden = false;
  }

  fill(main, h('div', { class: 'page-head' }, h('h1', {}, 'Clusters'), h('div', { class: 'toolbar' }, newButton)), form, listing);

  function render(clusters) {
    const seen = JSON.stringify(clusters.map(c => [c.name, c.state, c.size, c.tier, c.maxNodes, c.nodes.map(n => n.state), c.jobs, c.scaleOutWaits]));
    if (seen === shown) {
      return;
    }
    shown = seen;
    if (clusters.length === 0) {
      fill(listing, mayCreate
        ? emptyState('No clusters yet', 'A cluster runs batch jobs on nodes that appear when jobs wait and leave when idle, so an unused one costs nothing. Choose New cluster, pick a size and the most nodes it may take, then submit a job whose compute is the cluster\'s name.',
          h('button', { type: 'button', class: 'primary', onclick: () => openForm() }, 'Create your first cluster'))
        : emptyState('No clusters yet', `Your role here (${access.role}) may look at clusters but not create them. Ask an Owner of the workspace for a role that may, such as Contributor.`));
      return;
    }
    fill(listing, dataTable(`Clusters in ${workspace}`, ['Name', 'State', 'Nodes', 'Jobs', 'Size', 'Tier', 'Driver'], clusters.map(cluster => [
      h('a', { href: `${base}/${encodeURIComponent(cluster.name)}` }, cluster.name),
      stateBadge(cluster.state),
      h('span', { class: 'node-counts', title: cluster.scaleOutWaits ?? '' }, nodeCounts(cluster)),
      `${cluster.jobs.running} running · ${cluster.jobs.queued} queued`,
      cluster.size, cluster.tier, cluster.partition ? `${cluster.driver} (${cluster.partition})` : cluster.driver,
    ]), 'clusters'));
  }

  async function poll() {
    try {
      render(await api.all(workspacePath(workspace, 'clusters')));
    } catch (error) {
      showError(error);
    }
  }

  const refreshing = keepRefreshed(poll);
  return () => {
    refreshing.stop();
  };
}

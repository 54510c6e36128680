// The form that creates a cluster or changes one: a new cluster takes every setting; an existing one
// shows the settings it keeps for good (name, size, driver, partition) as text and changes only those
// the API lets change (min/max nodes, idle seconds, tier). The API's answer shows per field.
import { api, ApiError, workspacePath } from './api.js';
import { validateComputeName, maxLength } from './compute-name.js';
import { h } from './dom.js';
import { field, formSummary, onSubmit } from './form-field.js';
import { sizePicker } from './size-picker.js';

const tiers = [['dedicated', 'Dedicated'], ['lowPriority', 'Low priority']];
const drivers = [['local', 'Local (slices of this machine)'], ['slurm', 'Slurm (nodes from a partition)']];

function choice(name, options, value) {
  return h('select', { name }, ...options.map(([v, title]) => h('option', { value: v, selected: v === value }, title)));
}

function count(name, value, min) {
  return h('input', { name, type: 'number', inputmode: 'numeric', min, step: 1, value });
}

/** A number input's value as the API takes it: an integer, or undefined when empty (the API's default). */
function numberOf(input) {
  return input.value.trim() === '' ? undefined : Number(input.value);
}

/**
 * cluster: the one to change, or null for a new one. onSaved(cluster) runs when the API accepted it.
 */
export function clusterForm({ workspace, cluster, onSaved, onCancel }) {
  const editing = cluster !== null;
  const name = field('cluster-name', 'Name', h('input', { name: 'name', autocomplete: 'off', maxlength: maxLength + 10, required: true }),
    `3–${maxLength} characters: a letter first, then letters, digits and single hyphens. Clusters and computes share names.`);
  const size = editing ? null : sizePicker('cluster-size');
  const minNodes = field('cluster-min-nodes', 'Min nodes', count('minNodes', cluster?.minNodes ?? 0, 0), 'Kept even when idle; 0 costs nothing while no job runs.');
  const maxNodes = field('cluster-max-nodes', 'Max nodes', count('maxNodes', cluster?.maxNodes ?? 2, 1), 'The most nodes it scales out to.');
  const idle = field('cluster-idle', 'Idle seconds before scale-down', count('idleSecondsBeforeScaleDown', cluster?.idleSecondsBeforeScaleDown ?? 120, 0),
    'How long a node stays idle before it leaves.');
  const tier = field('cluster-tier', 'Tier', choice('tier', tiers, cluster?.tier ?? 'dedicated'));
  const driver = field('cluster-driver', 'Driver', choice('driver', drivers, 'local'));
  const partition = field('cluster-partition', 'Slurm partition', h('input', { name: 'partition', autocomplete: 'off' }), 'The partition its nodes come from.');
  const fields = { name, size, minNodes, maxNodes, idleSecondsBeforeScaleDown: idle, tier, driver, partition };
  const summary = formSummary();
  const submit = h('button', { type: 'submit', class: 'primary' }, editing ? 'Save' : 'Create');
  const showPartition = () => {
    partition.wrapper.hidden = driver.control.value !== 'slurm';
  };
  driver.control.addEventListener('change', showPartition);
  showPartition();
  name.control.addEventListener('input', () => name.setError(name.control.value ? validateComputeName(name.control.value) : null));

  const title = editing ? `Change ${cluster.name}` : 'New cluster';
  const form = h('form', { class: 'panel create-form', novalidate: true, 'aria-label': title },
    h('h2', {}, title),
    h('p', { class: 'hint' }, editing
      ? `Its size (${cluster.size}) and driver (${cluster.driver}) stay; to change them, delete the cluster and create it again.`
      : 'Nodes of the size you pick appear when jobs name the cluster as their compute, and leave when idle.'),
    summary.element,
    editing ? null : h('div', { class: 'field-grid' }, name.wrapper, size.wrapper, driver.wrapper, partition.wrapper),
    h('div', { class: 'field-grid' }, minNodes.wrapper, maxNodes.wrapper, idle.wrapper, tier.wrapper),
    h('div', { class: 'actions' }, h('button', { type: 'button', onclick: onCancel }, 'Cancel'), submit));
  size?.loaded.catch(error => summary.show(error.message));

  /** A create must not change a cluster that is already there (a PUT would): that name is taken. */
  async function taken(path) {
    try {
      await api.get(path);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        return false;
      }
      throw error;
    }
  }

  onSubmit(form, { summary, fields: Object.fromEntries(Object.entries(fields).filter(([, f]) => f)), button: submit, submit: async () => {
    const chosen = editing ? cluster.name : name.control.value.trim();
    const nameProblem = editing ? null : validateComputeName(chosen);
    if (nameProblem) {
      name.setError(nameProblem);
      name.control.focus();
      return;
    }
    const path = workspacePath(workspace, 'clusters', chosen);
    if (!editing && await taken(path)) {
      name.setError(`There is a cluster named ${chosen} already; change it from its page.`);
      name.control.focus();
      return;
    }
    const body = {
      minNodes: numberOf(minNodes.control),
      maxNodes: numberOf(maxNodes.control),
      idleSecondsBeforeScaleDown: numberOf(idle.control),
      tier: tier.control.value,
    };
    if (!editing) {
      Object.assign(body, { size: size.control.value, driver: driver.control.value });
      if (driver.control.value === 'slurm') {
        body.partition = partition.control.value.trim();
      }
    }
    onSaved(await api.put(path, body));
  } });
  return { form, focus: () => (editing ? minNodes : name).control.focus() };
}

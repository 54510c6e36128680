// How a cluster's nodes read: counted by state in the list, one row each on its page.
import { h, stateBadge } from './dom.js';
import { dateTime } from './format.js';
import { dataTable } from './table.js';

const states = ['busy', 'idle', 'starting', 'leaving'];

/** "2 busy · 1 idle / max 4", or "no nodes / max 4". */
export function nodeCounts(cluster) {
  const counted = states.map(state => [state, cluster.nodes.filter(n => n.state.toLowerCase() === state).length]).filter(([, n]) => n > 0);
  const now = counted.length === 0 ? 'no nodes' : counted.map(([state, n]) => `${n} ${state}`).join(' · ');
  return `${now} / max ${cluster.maxNodes}`;
}

/** The nodes with their state and the job each runs, linked to the job's page. */
export function nodeTable(cluster) {
  const jobs = `/w/${encodeURIComponent(cluster.workspace)}/jobs`;
  return dataTable(`Nodes of ${cluster.name}`, ['Node', 'State', 'Job', 'Since'], cluster.nodes.map(node => [
    node.name,
    stateBadge(node.state),
    node.job ? h('a', { href: `${jobs}/${encodeURIComponent(node.job)}` }, node.job) : '',
    dateTime(node.since),
  ]), 'nodes');
}

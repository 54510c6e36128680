// The Studio's entry: who is signed in, the top bar, and which page a path shows. Pages are modules
// with mount(main, context) → cleanup; navigation swaps them without reloading.
import { accessIn } from './access.js';
import { api } from './api.js';
import { h, fill, emptyState } from './dom.js';
import { clearNotice, showError } from './notice.js';

const workspaceKey = 'workbench.workspace';

const sections = [
  { name: 'computes', title: 'Computes', load: () => import('./pages/computes.js') },
  { name: 'files', title: 'Files', load: () => import('./pages/files.js') },
  { name: 'jobs', title: 'Jobs', load: () => import('./pages/jobs.js') },
  { name: 'clusters', title: 'Clusters', load: () => import('./pages/clusters.js') },
  { name: 'admin', title: 'Admin', load: () => import('./pages/admin.js') },
];
const details = {
  computes: () => import('./pages/compute-details.js'),
  jobs: () => import('./pages/job-details.js'),
  clusters: () => import('./pages/cluster-details.js'),
  admin: () => import('./pages/admin.js'),
};

let me = null;
let cleanup = null;

/** Which page a path shows, and what it needs from the path. */
function route(path) {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'w' && parts.length >= 3) {
    const workspace = parts[1];
    if (details[parts[2]] && parts.length === 4) {
      return { section: parts[2], workspace, load: details[parts[2]], params: { name: parts[3] } };
    }
    const section = sections.find(s => s.name === parts[2]);
    if (section && parts.length === 3) {
      return { section: section.name, workspace, load: section.load, params: {} };
    }
  }
  return null;
}

function currentWorkspace() {
  return localStorage.getItem(workspaceKey) ?? 'default';
}

export function navigate(path, { replace = false } = {}) {
  if (replace) {
    history.replaceState(null, '', path);
  } else {
    history.pushState(null, '', path);
  }
  render();
}

async function render() {
  if (location.pathname === '/' || (route(location.pathname) === null && location.pathname.startsWith('/w'))) {
    history.replaceState(null, '', `/w/${encodeURIComponent(currentWorkspace())}/computes`);
  } else if (location.pathname.startsWith('/admin')) {
    history.replaceState(null, '', `/w/${encodeURIComponent(currentWorkspace())}/admin${location.search}`);
  }
  const target = route(location.pathname);
  cleanup?.();
  cleanup = null;
  clearNotice();
  const main = document.getElementById('main');
  if (!target) {
    fill(main, emptyState('Nothing here', 'This page does not exist. Pick a section above.'));
    return;
  }
  localStorage.setItem(workspaceKey, target.workspace);
  renderTopBar(target);
  try {
    const [page, access] = await Promise.all([target.load(), accessIn(target.workspace, me)]);
    const context = { workspace: target.workspace, params: target.params, query: new URLSearchParams(location.search), me, access, navigate };
    cleanup = page.mount(main, context) ?? null;
  } catch (error) {
    fill(main, emptyState('This page could not load', error.message));
  }
}

function renderTopBar(target) {
  const link = (href, title, current) => h('a', { href, 'aria-current': current ? 'page' : false }, title);
  const workspacePart = encodeURIComponent(target.workspace);
  fill(document.getElementById('nav'), ...sections.map(s => link(`/w/${workspacePart}/${s.name}`, s.title, target.section === s.name)));
  const picker = document.getElementById('workspace');
  if (![...picker.options].some(o => o.value === target.workspace)) {
    picker.append(h('option', { value: target.workspace }, target.workspace));
  }
  picker.value = target.workspace;
}

/** Fills the picker without holding up the page: the workspaces the caller is a member of, each with their role there. */
async function loadWorkspaces() {
  let workspaces;
  try {
    workspaces = await api.all('workspaces');
  } catch (error) {
    showError(error);
    return;
  }
  const current = route(location.pathname)?.workspace ?? currentWorkspace();
  const picker = document.getElementById('workspace');
  fill(picker, ...workspaces.map(w => h('option', { value: w.name }, `${w.name} (${w.role})`)));
  if (!workspaces.some(w => w.name === current)) {
    picker.append(h('option', { value: current }, current));
  }
  picker.value = current;
}

function followLinks(event) {
  const link = event.target.closest('a[href]');
  if (!link || link.target || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
    return;
  }
  const url = new URL(link.href);
  if (url.origin === location.origin && (url.pathname === '/' || route(url.pathname))) {
    event.preventDefault();
    navigate(url.pathname + url.search);
  }
}

async function start() {
  try {
    me = await api.get('users/me');
  } catch (error) {
    if (error.status !== 401) {
      showError(error);
    }
    return;
  }
  document.getElementById('user').textContent = `Signed in as ${me.name}`;
  document.getElementById('sign-out').addEventListener('click', () => api.signOut().catch(showError));
  document.getElementById('workspace').addEventListener('change', e => {
    navigate(`/w/${encodeURIComponent(e.target.value)}/${route(location.pathname)?.section ?? 'computes'}`);
  });
  document.addEventListener('click', followLinks);
  window.addEventListener('popstate', render);
  loadWorkspaces();
  await render();
}

start();

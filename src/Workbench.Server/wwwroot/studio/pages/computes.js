// Computes: the instances of the workspace with their live state (the list is read again every 2 s
// and rows change in place), a "mine only" filter, the create form and each instance's actions. The
// first 100 come at once and Show more brings 100 more, so a big workspace opens as fast as a small one.
import { api, workspacePath } from '../api.js';
import { actionButtons, appLinks, runAction } from '../compute-actions.js';
import { computeForm } from '../compute-form.js';
import { h, fill, emptyState, stateBadge } from '../dom.js';
import { showError, showInfo } from '../notice.js';
import { keepRefreshed } from '../refresh.js';

const pageSize = 100;

export function mount(main, { workspace, me, query, navigate, access }) {
  const mine = query.get('mine') === 'true';
  const rows = new Map();
  let firstLoad = true;
  let shown = pageSize;

  const tbody = h('tbody');
  const table = h('table', { class: 'computes' },
    h('caption', { class: 'visually-hidden' }, `Computes in ${workspace}`),
    h('thead', {}, h('tr', {},
      ...['Name', 'State', 'Size', 'Image', 'Owner', 'Apps', 'Actions'].map(title => h('th', { scope: 'col' }, title)))),
    tbody);
  const empty = h('div', { hidden: true });
  const tableWrap = h('div', { class: 'table-wrap', hidden: true }, table);
  const mineBox = h('input', { type: 'checkbox', id: 'mine-only', checked: mine, onchange: e => navigate(`${location.pathname}${e.target.checked ? '?mine=true' : ''}`) });
  const mayCreate = access.can('workspaces/computes/write');
  const newButton = mayCreate ? h('button', { type: 'button', class: 'primary', onclick: () => openForm() }, 'New compute') : null;
  const more = h('button', { type: 'button', class: 'more', hidden: true, onclick: showMore }, `Show ${pageSize} more`);
  const { form, focus } = computeForm({
    workspace,
    me,
    mayAssign: mayCreate && !access.ownComputesOnly,
    onCreated: instance => {
      closeForm();
      showInfo(`${instance.name} is being created; its state below changes as it starts.`);
      upsert(instance);
      showListOrEmpty();
    },
    onCancel: () => closeForm(),
  });
  form.hidden = true;

  function openForm() {
    form.hidden = false;
    newButton.hidden = true;
    focus();
  }

  function closeForm() {
    form.hidden = true;
    newButton.hidden = false;
  }

  function showMore() {
    shown += pageSize;
    refreshing.now();
  }

  fill(main,
    h('div', { class: 'page-head' },
      h('h1', {}, 'Computes'),
      h('div', { class: 'toolbar' }, h('label', { class: 'check' }, mineBox, ' Mine only'), newButton)),
    form, empty, tableWrap, more);

  async function act(instance, action) {
    try {
      const answer = await runAction(workspace, instance, action);
      if (answer) {
        upsert(answer);
      }
    } catch (error) {
      showError(error);
    }
  }

  function createRow(instance) {
    const name = h('a', { href: `/w/${encodeURIComponent(workspace)}/computes/${encodeURIComponent(instance.name)}` }, instance.name);
    const cells = {
      state: h('td'), size: h('td'), image: h('td'), owner: h('td'), apps: h('td', { class: 'apps' }),
    };
    const controls = actionButtons(instance, access, action => act(row.instance, action));
    const tr = h('tr', {}, h('th', { scope: 'row' }, name), cells.state, cells.size, cells.image, cells.owner, cells.apps,
      h('td', { class: 'actions-cell' }, h('div', { class: 'row-actions' }, controls.buttons)));
    tr.dataset.name = instance.name;
    const row = { tr, cells, controls, instance: null, signature: '' };
    return row;
  }

  function update(row, instance) {
    row.instance = instance;
    const signature = JSON.stringify([instance.state, instance.size, instance.image, instance.owner, instance.appUrls, instance.error]);
    if (signature === row.signature) {
      return;
    }
    row.signature = signature;
    fill(row.cells.state, stateBadge(instance.state), instance.error ? h('span', { class: 'error-mark', title: instance.error }, ' ⚠') : null);
    row.cells.size.textContent = instance.size;
    row.cells.image.textContent = instance.image;
    row.cells.owner.textContent = instance.owner;
    fill(row.cells.apps, ...appLinks(instance, me));
    row.controls.update(instance);
  }

  function upsert(instance) {
    let row = rows.get(instance.name);
    if (!row) {
      row = createRow(instance);
      rows.set(instance.name, row);
      // In the API's order: by name, whatever the case.
      const key = instance.name.toLowerCase();
      const next = [...tbody.rows].find(tr => tr.dataset.name.toLowerCase() > key);
      tbody.insertBefore(row.tr, next ?? null);
    }
    update(row, instance);
  }

  /** Brings the table to the list as the API has it: rows change in place, new ones come, gone ones go. */
  function reconcile(instances) {
    const seen = new Set();
    const fresh = document.createDocumentFragment();
    for (const instance of instances) {
      seen.add(instance.name);
      const row = rows.get(instance.name);
      if (row) {
        update(row, instance);
      } else if (firstLoad) {
        // The first page of up to 1,000 rows is built off the document and added in one go.
        const created = createRow(instance);
        rows.set(instance.name, created);
        update(created, instance);
        fresh.append(created.tr);
      } else {
        upsert(instance);
      }
    }
    tbody.append(fresh);
    for (const [name, row] of rows) {
      if (!seen.has(name)) {
        row.tr.remove();
        rows.delete(name);
      }
    }
  }

  function showListOrEmpty() {
    const none = rows.size === 0;
    tableWrap.hidden = none;
    empty.hidden = !none;
    if (none) {
      fill(empty, mine
        ? emptyState('You have no computes here', 'Computes assigned to you appear here. Clear "Mine only" to see everyone\'s, or create one with New compute.')
        : mayCreate
          ? emptyState('No computes yet', 'A compute is your own workstation: an image with Jupyter on a size you pick. Choose New compute, give it a name and a size; it starts at once, and Open Jupyter appears beside it when it runs.',
            h('button', { type: 'button', class: 'primary', onclick: () => openForm() }, 'Create your first compute'))
          : emptyState('No computes yet', `Your role here (${access.role}) may look but not create computes. Ask an Owner of the workspace for a role that may, such as Data Scientist.`));
    }
  }

  async function poll() {
    try {
      const list = await api.first(`${workspacePath(workspace, 'computes')}${mine ? '?mine=true' : ''}`, shown);
      reconcile(list.items);
      more.hidden = !list.more;
      showListOrEmpty();
      if (firstLoad) {
        firstLoad = false;
        performance.mark('studio:computes-ready');
      }
    } catch (error) {
      showError(error);
    }
  }

  const refreshing = keepRefreshed(poll);
  return () => {
    refreshing.stop();
  };
}

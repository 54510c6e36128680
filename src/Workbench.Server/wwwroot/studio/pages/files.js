// Files: the workspace share that every instance mounts at ~/cloudfiles. Browse folders, upload with
// progress, download, make folders, rename and delete; the API keeps every path inside the share.
import { api, workspacePath } from '../api.js';
import { confirmAction, promptText } from '../dialogs.js';
import { h, fill, emptyState } from '../dom.js';
import { bytes, dateTime } from '../format.js';
import { showError, showInfo } from '../notice.js';

const join = (folder, name) => (folder ? `${folder}/${name}` : name);

export function mount(main, { workspace, query, access }) {
  const mayWrite = access.can('workspaces/files/write');
  const folder = (query.get('path') ?? '').replace(/^\/+|\/+$/g, '');
  const pageUrl = path => `/w/${encodeURIComponent(workspace)}/files${path ? `?path=${encodeURIComponent(path)}` : ''}`;
  const filesPath = workspacePath(workspace, 'files');
  let entries = [];

  const listing = h('div');
  const uploads = h('ul', { class: 'uploads', 'aria-label': 'Uploads' });
  const picker = h('input', { type: 'file', id: 'upload-input', multiple: true, class: 'visually-hidden', onchange: e => uploadAll([...e.target.files]) });

  const crumbs = [h('a', { href: pageUrl('') }, 'Share')];
  folder.split('/').filter(Boolean).forEach((part, i, parts) => {
    crumbs.push(' / ', i === parts.length - 1 ? h('span', { 'aria-current': 'page' }, part) : h('a', { href: pageUrl(parts.slice(0, i + 1).join('/')) }, part));
  });

  fill(main,
    h('div', { class: 'page-head' },
      h('h1', {}, 'Files'),
      mayWrite ? h('div', { class: 'toolbar' },
        picker,
        h('label', { for: 'upload-input', class: 'button primary', tabindex: 0, role: 'button', onkeydown: e => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), picker.click()) }, 'Upload files'),
        h('button', { type: 'button', onclick: newFolder }, 'New folder')) : null),
    h('p', { class: 'hint' }, 'The workspace share: every compute sees it at ~/cloudfiles.'),
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Folder' }, crumbs),
    uploads,
    listing);

  async function load() {
    try {
      entries = (await api.get(`${filesPath}?path=${encodeURIComponent(folder)}`)).value;
      render();
    } catch (error) {
      fill(listing, emptyState('This folder cannot be shown', error.message, 'Go back to the share with the first link above.'));
    }
  }

  function render() {
    if (entries.length === 0) {
      fill(listing, emptyState(folder ? 'This folder is empty' : 'The share is empty',
        mayWrite ? 'Upload files with Upload files, or make a folder with New folder. What you put here every compute of the workspace sees at ~/cloudfiles.'
          : 'What members put here every compute of the workspace sees at ~/cloudfiles; your role here may read it but not change it.'));
      return;
    }
    const rows = document.createDocumentFragment();
    for (const entry of entries) {
      const isFolder = entry.type === 'folder';
      const link = isFolder
        ? h('a', { href: pageUrl(entry.path) }, `${entry.name}/`)
        : h('a', { href: `/api/v1/${filesPath}/content?path=${encodeURIComponent(entry.path)}`, download: entry.name }, entry.name);
      rows.append(h('tr', {},
        h('th', { scope: 'row' }, link),
        h('td', {}, isFolder ? 'Folder' : bytes(entry.size)),
        h('td', {}, dateTime(entry.modifiedAt)),
        h('td', { class: 'actions-cell' }, mayWrite ? h('div', { class: 'row-actions' },
          h('button', { type: 'button', class: 'small', 'aria-label': `Rename ${entry.name}`, onclick: () => rename(entry) }, 'Rename'),
          h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete ${entry.name}`, onclick: () => remove(entry) }, 'Delete')) : null)));
    }
    fill(listing, h('div', { class: 'table-wrap' }, h('table', { class: 'files' },
      h('caption', { class: 'visually-hidden' }, `Files in ${folder || 'the share'}`),
      h('thead', {}, h('tr', {}, ...['Name', 'Size', 'Modified', 'Actions'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))));
  }

  async function uploadAll(files) {
    picker.value = '';
    for (const file of files) {
      if (entries.some(e => e.name === file.name) && !await confirmAction({
        title: `Replace ${file.name}?`, message: `${file.name} exists in this folder; the upload replaces it.`, confirmLabel: 'Replace', danger: true,
      })) {
        continue;
      }
      const bar = h('progress', { max: 1, value: 0, 'aria-label': `Uploading ${file.name}` });
      const status = h('span', {}, '0%');
      const item = h('li', {}, h('span', { class: 'upload-name' }, file.name), bar, status);
      uploads.append(item);
      try {
        await api.upload(`${filesPath}/content?path=${encodeURIComponent(join(folder, file.name))}`, file, fraction => {
          bar.value = fraction;
          status.textContent = `${Math.round(fraction * 100)}%`;
        });
        status.textContent = 'Done';
        setTimeout(() => item.remove(), 3000);
      } catch (error) {
        status.textContent = 'Failed';
        showError(error);
      }
    }
    await load();
  }

  async function newFolder() {
    const name = await promptText({ title: 'New folder', label: 'Folder name', confirmLabel: 'Create' });
    if (name) {
      await attempt(() => api.post(`${filesPath}/folders?path=${encodeURIComponent(join(folder, name))}`), `Made the folder ${name}.`);
    }
  }

  async function rename(entry) {
    const name = await promptText({ title: `Rename ${entry.name}`, label: 'New name', value: entry.name, confirmLabel: 'Rename' });
    if (name && name !== entry.name) {
      await attempt(() => api.post(`${filesPath}/move`, { from: entry.path, to: join(folder, name) }), `Renamed ${entry.name} to ${name}.`);
    }
  }

  async function remove(entry) {
    const isFolder = entry.type === 'folder';
    const sure = await confirmAction({
      title: `Delete ${entry.name}?`,
      message: isFolder ? `The folder ${entry.name} and everything in it are deleted from the share, for every compute.` : `${entry.name} is deleted from the share, for every compute.`,
      confirmLabel: 'Delete',
      danger: true,
    });
    if (sure) {
      await attempt(() => api.delete(`${filesPath}?path=${encodeURIComponent(entry.path)}${isFolder ? '&recursive=true' : ''}`), `Deleted ${entry.name}.`);
    }
  }

  async function attempt(call, done) {
    try {
      await call();
      showInfo(done);
    } catch (error) {
      showError(error);
    }
    await load();
  }

  load();
}

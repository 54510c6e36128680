// What can be done to an instance from its state, and doing it: the same rules as the API's table.
import { api, workspacePath } from './api.js';
import { confirmAction } from './dialogs.js';
import { h } from './dom.js';
import { appTitle } from './format.js';

const actions = [
  { name: 'start', title: 'Start', from: ['Stopped', 'Failed'], action: 'workspaces/computes/start/action' },
  { name: 'stop', title: 'Stop', from: ['Creating', 'Starting', 'Running', 'Restarting', 'Failed'], action: 'workspaces/computes/stop/action' },
  { name: 'restart', title: 'Restart', from: ['Running'], action: 'workspaces/computes/restart/action' },
  { name: 'delete', title: 'Delete', from: ['Creating', 'Starting', 'Running', 'Stopping', 'Stopped', 'Restarting', 'Failed'], action: 'workspaces/computes/delete' },
];

/** Asks the API for the action (delete after a confirmation); resolves with the instance as it answered, or null when cancelled. */
export async function runAction(workspace, instance, action) {
  const path = workspacePath(workspace, 'computes', instance.name);
  if (action.name === 'delete') {
    const sure = await confirmAction({
      title: `Delete ${instance.name}?`,
      message: `Its processes end and its home folder is deleted. Files in the workspace share stay.`,
      confirmLabel: 'Delete',
      danger: true,
    });
    return sure ? api.delete(path) : null;
  }
  return api.post(`${path}/${action.name}`);
}

/** One button per action the caller's role allows, enabled where the state allows it; update(instance) re-enables them. */
export function actionButtons(instance, access, onClick) {
  const allowed = actions.filter(action => access.can(action.action));
  const buttons = allowed.map(action => h('button', {
    type: 'button',
    class: action.name === 'delete' ? 'danger small' : 'small',
    'aria-label': `${action.title} ${instance.name}`,
    onclick: () => onClick(action),
  }, action.title));
  const update = current => buttons.forEach((button, i) => {
    button.disabled = !allowed[i].from.includes(current.state);
  });
  update(instance);
  return { buttons, update };
}

/** "Open Jupyter" for each app the instance serves; only its owner may open them. */
export function appLinks(instance, me) {
  if (instance.owner !== me.name) {
    return [];
  }
  return Object.entries(instance.appUrls ?? {}).map(([app, url]) =>
    h('a', { href: url, target: '_blank', rel: 'noopener', class: 'app-link' }, `Open ${appTitle(app)}`));
}

// One instance: its state (read again every 2 s), apps, endpoints, SSH command, error and actions.
import { api, workspacePath } from '../api.js';
import { actionButtons, appLinks, runAction, stateBadge } from '../compute-actions.js';
import { h, fill, emptyState } from '../dom.js';
import { dateTime } from '../format.js';
import { showError } from '../notice.js';

const pollMilliseconds = 2000;

function definitions(pairs) {
  return h('dl', { class: 'facts' }, ...pairs.filter(([, value]) => value !== null && value !== '')
    .flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function section(title, ...content) {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...content);
}

function sshSection(instance) {
  if (!instance.ssh) {
    return section('SSH', h('p', {}, 'SSH is off: this instance has no public key. Its owner adds one with wb compute update --ssh-public-key, and it runs an SSH server that takes that key alone.'));
  }
  const command = h('code', { class: 'command' }, instance.ssh.command);
  const copy = h('button', {
    type: 'button',
    class: 'small',
    onclick: () => navigator.clipboard.writeText(instance.ssh.command).then(() => { copy.textContent = 'Copied'; }, () => getSelection().selectAllChildren(command)),
  }, 'Copy');
  return section('SSH',
    h('p', { class: 'command-line' }, command, ' ', copy),
    definitions([['Key', instance.ssh.keyFingerprint], ['User', instance.ssh.user]]),
    instance.ssh.restartNeeded ? h('p', { class: 'hint' }, 'Restart the instance to start its SSH server.') : null);
}

export function mount(main, { workspace, params, me, navigate }) {
  const path = workspacePath(workspace, 'computes', params.name);
  const listUrl = `/w/${encodeURIComponent(workspace)}/computes`;
  const body = h('div');
  let controls = null;
  let current = null;
  let shown = '';
  let timer = null;
  let stopped = false;

  fill(main, h('p', { class: 'breadcrumbs' }, h('a', { href: listUrl }, 'Computes'), ' / ', params.name), body);

  async function act(action) {
    try {
      const answer = await runAction(workspace, current, action);
      if (answer?.state === 'Deleting') {
        navigate(listUrl);
      } else if (answer) {
        render(answer);
      }
    } catch (error) {
      showError(error);
    }
  }

  function render(instance) {
    const seen = JSON.stringify(instance);
    // Unchanged: leave the page (and the keyboard focus in it) as it is.
    if (seen === shown) {
      return;
    }
    shown = seen;
    current = instance;
    controls ??= actionButtons(instance, act);
    controls.update(instance);
    const endpoints = Object.entries(instance.endpoints ?? {});
    fill(body,
      h('div', { class: 'page-head' }, h('h1', {}, instance.name, ' ', stateBadge(instance)), h('div', { class: 'row-actions' }, controls.buttons)),
      instance.error ? h('div', { class: 'form-error' }, h('strong', {}, 'Error'), h('pre', {}, instance.error)) : null,
      h('p', { class: 'app-links' }, ...appLinks(instance, me)),
      section('Overview', definitions([
        ['State', `${instance.state} (wants ${instance.desiredState})`],
        ['Size', instance.size], ['Image', instance.image], ['Owner', instance.owner], ['Created by', instance.createdBy],
        ['Created', dateTime(instance.createdAt)], ['Updated', dateTime(instance.updatedAt)],
      ])),
      section('Endpoints', endpoints.length === 0
        ? h('p', {}, 'None while it is not running. Apps are reached through the links above, never these addresses directly.')
        : definitions(endpoints)),
      sshSection(instance),
      section('Log', h('p', { class: 'hint' }, 'The API does not serve the instance log yet. When the instance fails, its last lines appear under Error above; wb compute show prints them too.')));
  }

  async function poll() {
    try {
      render(await api.get(path));
    } catch (error) {
      if (error.status === 404) {
        fill(body, emptyState(`There is no compute named ${params.name}`, 'It may have been deleted. Go back to Computes to see what there is.'));
        return;
      }
      showError(error);
    }
    if (!stopped) {
      timer = setTimeout(poll, pollMilliseconds);
    }
  }

  poll();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

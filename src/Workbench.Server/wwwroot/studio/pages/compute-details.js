// One instance: its state (read again every 2 s), apps, endpoints, SSH command, error, events, log and actions.
import { api, workspacePath } from '../api.js';
import { actionButtons, appLinks, runAction } from '../compute-actions.js';
import { h, fill, emptyState, stateBadge } from '../dom.js';
import { dateTime } from '../format.js';
import { showError } from '../notice.js';
import { keepRefreshed } from '../refresh.js';
import { definitions, section } from '../sections.js';
import { dataTable } from '../table.js';

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

export function mount(main, { workspace, params, me, navigate, access }) {
  const path = workspacePath(workspace, 'computes', params.name);
  const listUrl = `/w/${encodeURIComponent(workspace)}/computes`;
  const body = h('div');
  const log = h('pre', { class: 'log', tabindex: 0, 'aria-label': 'Instance log' });
  const logSection = section('Log', h('p', { class: 'hint' }, 'The last 200 lines its apps and SSH server wrote.'), log);
  const events = h('div');
  const eventsSection = section('Events', events);
  let controls = null;
  let current = null;
  let shown = '';

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
    controls ??= actionButtons(instance, access, act);
    controls.update(instance);
    const endpoints = Object.entries(instance.endpoints ?? {});
    fill(body,
      h('div', { class: 'page-head' }, h('h1', {}, instance.name, ' ', stateBadge(instance.state)), h('div', { class: 'row-actions' }, controls.buttons)),
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
      eventsSection,
      logSection);
  }

  /** The last lines its processes wrote, read again with the state while it changes. */
  async function readLog() {
    const text = await api.get(`${path}/log`);
    fill(log, text || 'Nothing yet: the log starts with the instance\'s first start.');
  }

  /** Who did what to it, newest first, from the audit log. */
  async function readEvents() {
    const rows = await api.get(`${path}/events?top=20`);
    fill(events, rows.length === 0
      ? h('p', {}, 'Nothing done to it yet.')
      : dataTable('Events', ['When', 'Who', 'What', 'Outcome'], rows.map(e => [
        dateTime(e.at), e.actor, h('code', {}, e.action), e.status < 400 ? `done (${e.status})` : `refused (${e.status})`,
      ])));
  }

  async function poll() {
    try {
      const instance = await api.get(path);
      const changed = JSON.stringify(instance) !== shown;
      render(instance);
      if (changed) {
        await Promise.all([readLog(), readEvents()]);
      }
    } catch (error) {
      if (error.status === 404) {
        fill(body, emptyState(`There is no compute named ${params.name}`, 'It may have been deleted. Go back to Computes to see what there is.'));
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

// The form that creates an instance: its name checked as it is typed, size and image pickers that
// show what each holds and costs, and the API's answer per field.
import { api, workspacePath } from './api.js';
import { validateComputeName, maxLength } from './compute-name.js';
import { h, fill } from './dom.js';
import { field, formSummary, onSubmit } from './form-field.js';
import { sizePicker } from './size-picker.js';

/**
 * The create form; onCreated(instance) runs when the API accepted it. Assign to is offered to roles
 * that may create computes for others (not those limited to their own).
 */
export function computeForm({ workspace, me, mayAssign, onCreated, onCancel }) {
  const name = field('compute-name', 'Name', h('input', { name: 'name', autocomplete: 'off', maxlength: maxLength + 10, required: true }),
    `3–${maxLength} characters: a letter first, then letters, digits and single hyphens.`);
  const size = sizePicker('compute-size');
  const image = field('compute-image', 'Image', h('select', { name: 'image' }), ' ');
  const assignTo = field('compute-assign-to', 'Assign to', h('input', { name: 'assignTo', autocomplete: 'off', placeholder: me.name }),
    'The user who will own it; empty for yourself.');
  const sshKey = field('compute-ssh-key', 'SSH public key (optional)', h('textarea', { name: 'sshPublicKey', rows: 2, placeholder: 'ssh-ed25519 AAAA… you@laptop' }),
    'One line of your .pub file. Without a key the instance has no SSH server.');
  const startNow = h('input', { type: 'checkbox', id: 'compute-start', name: 'start', checked: true });
  const fields = { name, size, image, assignTo, sshPublicKey: sshKey };
  const summary = formSummary();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create');

  let images = [];
  const showImage = () => {
    const chosen = images.find(i => i.name === image.control.value);
    image.hint.textContent = chosen ? `${chosen.description} Apps: ${chosen.apps.join(', ') || 'none'}.` : '';
  };
  image.control.addEventListener('change', showImage);
  name.control.addEventListener('input', () => name.setError(name.control.value ? validateComputeName(name.control.value) : null));

  const form = h('form', { class: 'panel create-form', novalidate: true, 'aria-label': 'New compute' },
    h('h2', {}, 'New compute'),
    h('p', { class: 'hint' }, 'Stop it from the list when you do not need it; a stopped compute keeps its home folder.'),
    summary.element,
    h('div', { class: 'field-grid' }, name.wrapper, size.wrapper, image.wrapper, mayAssign ? assignTo.wrapper : null),
    sshKey.wrapper,
    h('label', { class: 'check', for: 'compute-start' }, startNow, ' Start now (else it is created Stopped, to start later)'),
    h('div', { class: 'actions' }, h('button', { type: 'button', onclick: onCancel }, 'Cancel'), submit));

  Promise.all([size.loaded, api.get('images')]).then(([, imagePage]) => {
    images = imagePage.value;
    fill(image.control, ...images.map(i => h('option', { value: i.name, selected: i.isDefault }, i.name)));
    showImage();
  }).catch(error => summary.show(error.message));

  onSubmit(form, { summary, fields, button: submit, submit: async () => {
    const nameProblem = validateComputeName(name.control.value.trim());
    if (nameProblem) {
      name.setError(nameProblem);
      name.control.focus();
      return;
    }
    const body = { size: size.control.value, image: image.control.value, start: startNow.checked };
    if (assignTo.control.value.trim()) {
      body.assignTo = assignTo.control.value.trim();
    }
    if (sshKey.control.value.trim()) {
      body.sshPublicKey = sshKey.control.value.trim();
    }
    const created = await api.put(workspacePath(workspace, 'computes', name.control.value.trim()), body);
    form.reset();
    size.showChosen();
    showImage();
    onCreated(created);
  } });
  return { form, focus: () => name.control.focus() };
}

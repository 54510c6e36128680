// The form that creates an instance: its name checked as it is typed, size and image pickers that
// show what each holds and costs, and the API's answer per field.
import { api, ApiError, workspacePath } from './api.js';
import { validateComputeName, maxLength } from './compute-name.js';
import { h, fill } from './dom.js';
import { sizeSummary } from './format.js';

function field(id, label, control, hint) {
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  control.id = id;
  control.setAttribute('aria-describedby', hint ? `${id}-hint ${id}-error` : `${id}-error`);
  const wrapper = h('div', { class: 'field' }, h('label', { for: id }, label), control,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null, error);
  const setError = message => {
    error.textContent = message ?? '';
    error.hidden = !message;
    control.setAttribute('aria-invalid', message ? 'true' : 'false');
  };
  return { wrapper, control, setError, hint: wrapper.querySelector('.hint') };
}

/** The create form; onCreated(instance) runs when the API accepted it. */
export function computeForm({ workspace, me, onCreated, onCancel }) {
  const name = field('compute-name', 'Name', h('input', { name: 'name', autocomplete: 'off', maxlength: maxLength + 10, required: true }),
    `3–${maxLength} characters: a letter first, then letters, digits and single hyphens.`);
  const size = field('compute-size', 'Size', h('select', { name: 'size', required: true }), ' ');
  const image = field('compute-image', 'Image', h('select', { name: 'image' }), ' ');
  const assignTo = field('compute-assign-to', 'Assign to', h('input', { name: 'assignTo', autocomplete: 'off', placeholder: me.name }),
    'The user who will own it; empty for yourself.');
  const sshKey = field('compute-ssh-key', 'SSH public key (optional)', h('textarea', { name: 'sshPublicKey', rows: 2, placeholder: 'ssh-ed25519 AAAA… you@laptop' }),
    'One line of your .pub file. Without a key the instance has no SSH server.');
  const fields = { name, size, image, assignTo, sshPublicKey: sshKey };
  const summary = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create');

  let sizes = [];
  let images = [];
  const showSize = () => {
    const chosen = sizes.find(s => s.name === size.control.value);
    size.hint.textContent = chosen ? `${sizeSummary(chosen)} · family ${chosen.family}` : '';
  };
  const showImage = () => {
    const chosen = images.find(i => i.name === image.control.value);
    image.hint.textContent = chosen ? `${chosen.description} Apps: ${chosen.apps.join(', ') || 'none'}.` : '';
  };
  size.control.addEventListener('change', showSize);
  image.control.addEventListener('change', showImage);
  name.control.addEventListener('input', () => name.setError(name.control.value ? validateComputeName(name.control.value) : null));

  const form = h('form', { class: 'panel create-form', novalidate: true, 'aria-label': 'New compute' },
    h('h2', {}, 'New compute'),
    h('p', { class: 'hint' }, 'It starts as soon as it is created; stop it from the list when you do not need it.'),
    summary,
    h('div', { class: 'field-grid' }, name.wrapper, size.wrapper, image.wrapper, me.isAdmin ? assignTo.wrapper : null),
    sshKey.wrapper,
    h('div', { class: 'actions' }, h('button', { type: 'button', onclick: onCancel }, 'Cancel'), submit));

  Promise.all([api.get('sizes'), api.get('images')]).then(([sizePage, imagePage]) => {
    sizes = sizePage.value;
    images = imagePage.value;
    fill(size.control, ...sizes.map(s => h('option', { value: s.name }, `${s.name} — ${sizeSummary(s)}`)));
    fill(image.control, ...images.map(i => h('option', { value: i.name, selected: i.isDefault }, i.name)));
    showSize();
    showImage();
  }).catch(error => showSummary(error.message));

  function showSummary(message) {
    summary.textContent = message ?? '';
    summary.hidden = !message;
  }

  form.addEventListener('submit', async event => {
    event.preventDefault();
    Object.values(fields).forEach(f => f.setError(null));
    showSummary(null);
    const nameProblem = validateComputeName(name.control.value.trim());
    if (nameProblem) {
      name.setError(nameProblem);
      name.control.focus();
      return;
    }
    const body = { size: size.control.value, image: image.control.value };
    if (assignTo.control.value.trim()) {
      body.assignTo = assignTo.control.value.trim();
    }
    if (sshKey.control.value.trim()) {
      body.sshPublicKey = sshKey.control.value.trim();
    }
    submit.disabled = true;
    try {
      const created = await api.put(workspacePath(workspace, 'computes', name.control.value.trim()), body);
      form.reset();
      showSize();
      showImage();
      onCreated(created);
    } catch (error) {
      showSummary(error.message);
      if (error instanceof ApiError) {
        for (const [key, messages] of Object.entries(error.fieldErrors)) {
          fields[key]?.setError(messages.join(' '));
        }
      }
    } finally {
      submit.disabled = false;
    }
  });
  return { form, focus: () => name.control.focus() };
}

// A form's labelled fields with their hints and errors, and the summary line above them: the API's
// problem details shown per field where it names one, in words above the form otherwise.
import { ApiError } from './api.js';
import { h } from './dom.js';

/** A label, the control, an optional hint and an error line, tied together for screen readers. */
export function field(id, label, control, hint) {
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

/** The line above a form that says why it was refused; show(null) hides it. */
export function formSummary() {
  const element = h('div', { class: 'form-error', role: 'alert', hidden: true });
  const show = message => {
    element.textContent = message ?? '';
    element.hidden = !message;
  };
  return { element, show };
}

/** Shows an API error: its words in the summary, and each field's messages under that field. */
export function showProblem(error, summary, fields) {
  summary.show(error.message);
  if (error instanceof ApiError) {
    for (const [key, messages] of Object.entries(error.fieldErrors)) {
      fields[key]?.setError(messages.join(' '));
    }
  }
}

/** Runs a form's submit: clears old errors, disables the button while the call runs, shows the problem when it fails. */
export function onSubmit(form, { summary, fields = {}, button, submit }) {
  form.addEventListener('submit', async event => {
    event.preventDefault();
    Object.values(fields).forEach(f => f.setError(null));
    summary.show(null);
    button.disabled = true;
    try {
      await submit();
    } catch (error) {
      showProblem(error, summary, fields);
    } finally {
      button.disabled = false;
    }
  });
}

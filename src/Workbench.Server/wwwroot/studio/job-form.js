// Submitting a job from its YAML spec, pasted or loaded from a file. The server validates it; what it
// refuses shows at the spec's lines.
import { api, workspacePath } from './api.js';
import { h } from './dom.js';
import { formSummary, onSubmit } from './form-field.js';
import { specEditor } from './spec-editor.js';

const example = `name: hello-1
command: echo hello from $(hostname); ls ~/cloudfiles
compute: my-box
timeout: 10m`;

/** onSubmitted(job) runs when the API accepted the job. */
export function jobForm({ workspace, onSubmitted, onCancel }) {
  const editor = specEditor({ id: 'job-spec', label: 'Job spec (YAML)', placeholder: example });
  const summary = formSummary();
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Submit');
  const file = h('input', {
    type: 'file', id: 'job-spec-file', class: 'visually-hidden', accept: '.yml,.yaml,.json,text/yaml,application/json',
    onchange: async e => {
      const [chosen] = e.target.files;
      if (chosen) {
        editor.value = await chosen.text();
        editor.showErrors(null);
      }
      e.target.value = '';
    },
  });
  const form = h('form', { class: 'panel create-form', novalidate: true, 'aria-label': 'Submit a job' },
    h('h2', {}, 'Submit a job'),
    h('p', { class: 'hint' }, 'Paste a spec or load a .yml file: command and compute (one of your computes, or a cluster of the workspace) are required; see docs/jobs.md for every key. The job runs in the compute\'s sandbox with the workspace share at ~/cloudfiles.'),
    summary.element,
    editor.element,
    h('div', { class: 'actions' },
      file,
      h('label', { for: 'job-spec-file', class: 'button', tabindex: 0, role: 'button', onkeydown: e => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), file.click()) }, 'Load from file'),
      h('button', { type: 'button', onclick: onCancel }, 'Cancel'),
      submit));

  onSubmit(form, { summary, button: submit, submit: async () => {
    editor.showErrors(null);
    try {
      onSubmitted(await api.postText(workspacePath(workspace, 'jobs'), editor.value, 'application/yaml'));
    } catch (error) {
      editor.showErrors(error.fieldErrors);
      throw error;
    }
  } });
  return { form, focus: () => form.querySelector('textarea').focus() };
}

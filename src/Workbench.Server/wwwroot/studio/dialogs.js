// Modal questions on a native <dialog>: it traps focus, closes on Escape and gives focus back.
import { h } from './dom.js';

function ask(title, body, confirmLabel, danger, read) {
  return new Promise(resolve => {
    const form = h('form', { method: 'dialog' },
      h('h2', {}, title),
      ...body,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', value: 'cancel', formnovalidate: true }, 'Cancel'),
        h('button', { type: 'submit', value: 'ok', class: danger ? 'danger' : 'primary' }, confirmLabel)));
    const dialog = h('dialog', { 'aria-labelledby': 'dialog-title' }, form);
    form.querySelector('h2').id = 'dialog-title';
    dialog.addEventListener('close', () => {
      const answer = dialog.returnValue === 'ok' ? read() : null;
      dialog.remove();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Resolves true when the person confirms. */
export async function confirmAction({ title, message, confirmLabel = 'OK', danger = false }) {
  return (await ask(title, [h('p', {}, message)], confirmLabel, danger, () => true)) === true;
}

/** Resolves with the text typed, or null when cancelled. */
export function promptText({ title, label, value = '', confirmLabel = 'OK' }) {
  const input = h('input', { id: 'dialog-input', required: true, value, autocomplete: 'off' });
  return ask(title, [h('label', { for: 'dialog-input' }, label), input], confirmLabel, false, () => input.value.trim());
}

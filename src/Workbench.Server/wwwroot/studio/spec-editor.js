// A YAML editor for job specs: a text area with line numbers, where the lines the server found wrong are
// marked, each with its message below, and a click on a message puts the cursor on its line.
import { h, fill } from './dom.js';

const linePrefix = /^line (\d+): /;

/** The line a validation message names ("line 5: ..."), or null. */
function lineOf(message) {
  const match = linePrefix.exec(message);
  return match ? Number(match[1]) : null;
}

export function specEditor({ id, label, placeholder }) {
  const gutter = h('pre', { class: 'spec-gutter', 'aria-hidden': 'true' });
  const text = h('textarea', { id, rows: 14, wrap: 'off', spellcheck: 'false', autocomplete: 'off', placeholder, 'aria-describedby': `${id}-problems` });
  const problems = h('ul', { class: 'spec-problems', id: `${id}-problems`, hidden: true });
  let marked = new Set();

  function renderGutter() {
    const count = Math.max(1, text.value.split('\n').length);
    fill(gutter, ...Array.from({ length: count }, (_, i) => h('span', { class: marked.has(i + 1) ? 'error' : false, 'data-line': i + 1 }, `${i + 1}\n`)));
    gutter.scrollTop = text.scrollTop;
  }

  /** Puts the cursor on the line and selects it, so the line the server named is highlighted. */
  function goToLine(line) {
    const lines = text.value.split('\n');
    const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
    text.focus();
    text.setSelectionRange(start, start + (lines[line - 1] ?? '').length);
  }

  /** errors: key → messages, as the API's validation problem names them; null clears them. */
  function showErrors(errors) {
    const entries = Object.entries(errors ?? {}).flatMap(([key, messages]) => messages.map(message => ({ key, message, line: lineOf(message) })));
    marked = new Set(entries.map(e => e.line).filter(Boolean));
    text.setAttribute('aria-invalid', entries.length > 0 ? 'true' : 'false');
    problems.hidden = entries.length === 0;
    fill(problems, ...entries.map(e => h('li', {}, e.line
      ? h('button', { type: 'button', class: 'link', onclick: () => goToLine(e.line) }, `Line ${e.line}`, ` (${e.key}): ${e.message.replace(linePrefix, '')}`)
      : `${e.key}: ${e.message}`)));
    renderGutter();
    const first = entries.find(e => e.line);
    if (first) {
      goToLine(first.line);
    }
  }

  text.addEventListener('input', renderGutter);
  text.addEventListener('scroll', () => { gutter.scrollTop = text.scrollTop; });
  renderGutter();
  const element = h('div', { class: 'field' }, h('label', { for: id }, label), h('div', { class: 'spec-editor' }, gutter, text), problems);
  return {
    element,
    get value() {
      return text.value;
    },
    set value(value) {
      text.value = value;
      renderGutter();
    },
    showErrors,
  };
}

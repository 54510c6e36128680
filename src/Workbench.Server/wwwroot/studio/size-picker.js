// The size picker of the create forms: every size with its vCPU, memory, GPU and price, and the chosen
// one's summary and quota family under it.
import { api } from './api.js';
import { h, fill } from './dom.js';
import { field } from './form-field.js';
import { sizeSummary } from './format.js';

/** A Size field (see form-field.js) whose `loaded` promise settles when the sizes are in; showChosen() redraws its hint. */
export function sizePicker(id) {
  const size = field(id, 'Size', h('select', { name: 'size', required: true }), ' ');
  let sizes = [];
  const showChosen = () => {
    const chosen = sizes.find(s => s.name === size.control.value);
    size.hint.textContent = chosen ? `${sizeSummary(chosen)} · family ${chosen.family}` : '';
  };
  size.control.addEventListener('change', showChosen);
  const loaded = api.get('sizes').then(page => {
    sizes = page.value;
    fill(size.control, ...sizes.map(s => h('option', { value: s.name }, `${s.name} — ${sizeSummary(s)}`)));
    showChosen();
  });
  return { ...size, loaded, showChosen };
}

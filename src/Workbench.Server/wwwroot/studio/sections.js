// The panels a details page is made of: a titled section and a list of facts.
import { h } from './dom.js';

/** [term, value] pairs as a definition list; empty values are left out. */
export function definitions(pairs) {
  return h('dl', { class: 'facts' }, ...pairs.filter(([, value]) => value !== null && value !== '')
    .flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

export function section(title, ...content) {
  return h('section', { class: 'panel' }, h('h2', {}, title), ...content);
}

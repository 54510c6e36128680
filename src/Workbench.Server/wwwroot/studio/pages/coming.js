// Sections whose API is still being built: the page says what will appear here and what to use meanwhile.
import { h, fill, emptyState } from '../dom.js';

export function comingPage(title, emptyTitle, ...lines) {
  return main => {
    fill(main, h('div', { class: 'page-head' }, h('h1', {}, title)), emptyState(emptyTitle, ...lines));
  };
}

// The Studio's tables: a caption for screen readers, column heads, the first cell of a row as its head.
import { h } from './dom.js';

/** rows: arrays of cells (text or nodes); the first cell heads its row. */
export function dataTable(caption, columns, rows, className = '') {
  return h('div', { class: 'table-wrap' }, h('table', { class: className },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, ...columns.map(title => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, ...rows.map(([head, ...cells]) => h('tr', {}, h('th', { scope: 'row' }, head), ...cells.map(cell => h('td', {}, cell)))))));
}

// A log shown as it grows: the API's followed log streamed into a <pre> that keeps its end in view
// while the reader is at the end.
import { api } from './api.js';
import { h } from './dom.js';

/** Streams `path` (a text answer) into a pre; stop() ends the stream. */
export function followedLog(path, label, empty) {
  const pre = h('pre', { class: 'log', tabindex: 0, 'aria-label': label, 'aria-live': 'off' });
  const status = h('p', { class: 'hint' }, 'Following…');
  const controller = new AbortController();
  api.stream(path, text => {
    const atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8;
    pre.append(text);
    if (atEnd) {
      pre.scrollTop = pre.scrollHeight;
    }
  }, controller.signal).then(
    () => { status.textContent = pre.textContent ? 'The whole log: the job has ended.' : empty; },
    error => { status.textContent = error.name === 'AbortError' ? '' : `The log stopped: ${error.message}`; });
  return { element: h('div', {}, pre, status), stop: () => controller.abort() };
}

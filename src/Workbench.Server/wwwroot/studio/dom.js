// Builds DOM nodes from data without ever parsing it as HTML: text goes in as text nodes.

/**
 * h('a', { href, class: 'x', onclick }, 'text', child) → an element. Attributes named on* become
 * listeners, `false`/`null`/`undefined` attributes and children are skipped, strings become text nodes.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children.flat()) {
    if (child === false || child === null || child === undefined) {
      continue;
    }
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces everything in the element with the children. */
export function fill(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

/** A panel that tells a newcomer what is (not yet) here and what to do next. */
export function emptyState(title, ...lines) {
  return h('div', { class: 'empty-state' }, h('h2', {}, title), ...lines.map(line => h('p', {}, line)));
}

/** An instance's or a job's state as a coloured badge. */
export function stateBadge(state) {
  return h('span', { class: `state state-${state.toLowerCase()}` }, state);
}

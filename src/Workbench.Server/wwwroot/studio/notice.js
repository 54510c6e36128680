// The one line at the top of the page that reports what an action did or why it failed.

const element = () => document.getElementById('notice');

export function showError(error) {
  show(error instanceof Error ? error.message : String(error), 'error');
}

export function showInfo(message) {
  show(message, 'info');
}

function show(message, kind) {
  const notice = element();
  notice.textContent = message;
  notice.className = `notice ${kind}`;
  notice.hidden = false;
}

export function clearNotice() {
  element().hidden = true;
}

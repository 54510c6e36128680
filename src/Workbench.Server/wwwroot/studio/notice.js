// The one line at the top of the page that reports what an action did or why it failed.

const element = () => document.getElementById('notice');
const infoSeconds = 8;
let hideTimer = null;

export function showError(error) {
  show(error instanceof Error ? error.message : String(error), 'error');
}

/** Says what an action did; it goes away by itself, an error stays until the next page or action. */
export function showInfo(message) {
  show(message, 'info');
  hideTimer = setTimeout(clearNotice, infoSeconds * 1000);
}

function show(message, kind) {
  clearTimeout(hideTimer);
  const notice = element();
  notice.textContent = message;
  notice.className = `notice ${kind}`;
  notice.hidden = false;
}

export function clearNotice() {
  element().hidden = true;
}

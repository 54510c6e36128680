// How numbers, sizes and times read in the Studio.

const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

export function bytes(count) {
  if (count === null || count === undefined) {
    return '';
  }
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function dateTime(text) {
  return text ? new Date(text).toLocaleString() : '';
}

function price(perHour) {
  return `$${Number(perHour).toFixed(2)}/h`;
}

/** "4 vCPU · 14 GiB · 1 GPU · $0.29/h" */
export function sizeSummary(size) {
  const parts = [`${size.vCpus} vCPU`, `${size.memoryGiB} GiB`];
  if (size.gpus > 0) {
    parts.push(`${size.gpus} GPU`);
  }
  parts.push(price(size.pricePerHour));
  return parts.join(' · ');
}

const appTitles = { jupyter: 'Jupyter', vscode: 'VS Code', rstudio: 'RStudio' };

export function appTitle(app) {
  return appTitles[app] ?? app;
}

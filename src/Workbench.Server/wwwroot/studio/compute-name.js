// The compute name rules of the server (Workbench.Domain's ComputeName), so the form can say what is
// wrong while the person types; the server checks again.

const minLength = 3;
export const maxLength = 24;

/** Why the name is not allowed, or null when it is. */
export function validateComputeName(name) {
  if (!name) {
    return 'A compute name is required.';
  }
  if (name.length < minLength || name.length > maxLength) {
    return `A compute name has ${minLength} to ${maxLength} characters; '${name}' has ${name.length}.`;
  }
  if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name)) {
    return `A compute name starts with a letter and holds only letters, digits and hyphens; '${name}' does not.`;
  }
  if (name.endsWith('-') || name.includes('--')) {
    return `A compute name neither ends with a hyphen nor holds two in a row; '${name}' does.`;
  }
  return null;
}

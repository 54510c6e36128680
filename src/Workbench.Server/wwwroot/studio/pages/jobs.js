// Jobs: commands run on an instance or a cluster, with logs and an exit code.
import { comingPage } from './coming.js';

export const mount = comingPage('Jobs', 'No jobs yet',
  'Jobs you submit will be listed here with their state, and each opens to its live log, its outputs in the file share and a Cancel button.',
  'Submitting a job from YAML arrives with the jobs API; until then, run commands in a compute from Jupyter or over SSH.');

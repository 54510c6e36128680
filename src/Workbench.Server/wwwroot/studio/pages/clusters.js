// Clusters: batch compute targets that run jobs.
import { comingPage } from './coming.js';

export const mount = comingPage('Clusters', 'No clusters yet',
  'Clusters will be listed here with their size, their nodes (idle, busy, starting) and their minimum and maximum node counts.',
  'Creating, resizing and deleting clusters arrives with the cluster API; until then, use a compute instance for your work.');

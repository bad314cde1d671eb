import { AppFailure } from '../../../contract/index';
import type { Handlers } from '../../core/router';

// Placeholder until the registrations import lands (parsing lives in this folder).
export const importHandlers = {
  'import.registrations.preview': async () => {
    throw new AppFailure('import_failed', 'import not available yet');
  },
  'import.registrations.commit': async () => {
    throw new AppFailure('import_failed', 'import not available yet');
  },
} satisfies Partial<Handlers>;

import type { Handlers } from '../../core/router';

export const programmeHandlers = {} satisfies Partial<Handlers>;

import type { Handlers } from '../../core/router';

export const rallyHandlers = {} satisfies Partial<Handlers>;

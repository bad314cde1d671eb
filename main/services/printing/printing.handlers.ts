import type { Handlers } from '../../core/router';

export const printingHandlers = {} satisfies Partial<Handlers>;

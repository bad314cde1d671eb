import type { Handlers } from '../../core/router';

export const kioskHandlers = {} satisfies Partial<Handlers>;

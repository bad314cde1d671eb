/**
 * Station roles. A station is one machine/window with one job; its role decides
 * which channels it may call (a kiosk can never reach admin channels).
 */
export const ROLES = ['admin', 'desk', 'kiosk', 'stamp', 'gift', 'floor', 'board', 'door', 'booth'] as const;
export type Role = (typeof ROLES)[number];

/** Convenience groups used by channel definitions. */
export const ANY_ROLE: readonly Role[] = ROLES;
export const STAFF: readonly Role[] = ['admin', 'desk', 'stamp', 'gift', 'floor'];
export const ADMIN_ONLY: readonly Role[] = ['admin'];

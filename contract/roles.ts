/**
 * Station roles. A station is one machine/window with one job; its role decides
 * which channels it may call (a kiosk can never reach admin channels).
 */
export const ROLES = ['admin', 'desk', 'kiosk', 'stamp', 'gift', 'floor', 'board', 'door', 'setup', 'booth'] as const;
export type Role = (typeof ROLES)[number];

/** Convenience groups used by channel definitions. */
export const ANY_ROLE: readonly Role[] = ROLES;
export const STAFF: readonly Role[] = ['admin', 'desk', 'stamp', 'gift', 'floor'];
export const ADMIN_ONLY: readonly Role[] = ['admin'];

/**
 * A station not set up yet (issue 11): a fresh data folder started without --role. It
 * reaches only the set-up channels and the harmless ANY_ROLE reads (hello, status, event).
 */
export const SETUP_ROLE = 'setup' satisfies Role;

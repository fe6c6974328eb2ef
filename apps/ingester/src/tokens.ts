/** The validated configuration, for the providers that need it. */
export const INGESTER_CONFIG = Symbol('INGESTER_CONFIG');

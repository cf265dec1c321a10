/**
 * The state kept for a transcript request Stenobird accepted (a `2xx`, contract §3) with a body
 * the extension could not read (not JSON, or not the contract's shape): accepted is all that is
 * known, and the follow-up learns the rest from the catalogue. Its own module: the popup shows
 * it without loading the client.
 */
export const ACCEPTED_UNREAD = 'accepted';

import { DEFAULT_STENOBIRD_BASE, episodePagePattern } from './stenobird/urls';

/**
 * Where the extension works, and the ids the manifest and the code must spell alike: the one
 * place they are written. `wxt.config.ts` builds the manifest from these (host permissions,
 * the content script's matches, the commands), and the code that registers menus, listens for
 * commands or checks an address imports the same values. Strings only, no imports beyond
 * Stenobird's URL module: the popup and the content script's neighbours may load it.
 * Stenobird's patterns come from `utils/stenobird/urls.ts`, the only code that knows its paths.
 */

/**
 * Fireside's show sites, one subdomain each, over https (Fireside serves every show over https;
 * Fireside's own service hosts match too and are turned away in code,
 * `utils/detect/fireside-urls.ts`). A host permission, and where the content script runs.
 */
export const FIRESIDE_SHOW_SITES = 'https://*.fireside.fm/*';

/**
 * The same sites under either scheme, for the right-click menu: its item appears on a page or a
 * link spelled `http://` too, whose click then says why the extension does not read it.
 */
export const FIRESIDE_SHOW_SITES_ANY_SCHEME = '*://*.fireside.fm/*';

/** Fireside's enclosure host: its audio addresses need not end in a file extension. */
export const FIRESIDE_ENCLOSURES = '*://aphid.fireside.fm/d/*';

/** Stenobird's own site (the default Stenobird address): its API and its catalogue pages. */
export const STENOBIRD_SITE = `${DEFAULT_STENOBIRD_BASE}/*`;

/** Stenobird's catalogue episode pages, where the content script runs. */
export const STENOBIRD_EPISODE_PAGES = episodePagePattern(DEFAULT_STENOBIRD_BASE);

/** The manifest's host permissions: only what must be reached without asking. */
export const HOST_PERMISSIONS = [STENOBIRD_SITE, FIRESIDE_SHOW_SITES];

/**
 * Sites the user allows one at a time: "always detect on this site", a right-clicked link's
 * custom domain, another Stenobird address. Https only: the extension reads no page sent over
 * plain http (anyone on the network can rewrite one), and the Stenobird address must be https
 * (the API key travels to it).
 */
export const OPTIONAL_SITES = ['https://*/*'];

/**
 * Where the content script runs statically: Fireside show sites and Stenobird episode pages, over
 * https only (a page sent over plain http can be rewritten on its way, and the detector would
 * read the rewrite: issue 13).
 */
export const EPISODE_MATCHES = [FIRESIDE_SHOW_SITES, STENOBIRD_EPISODE_PAGES];

/**
 * Audio files by their address: the usual podcast formats (with or without a query), and
 * Fireside's enclosure host, whose addresses may carry a tracking prefix elsewhere.
 */
export const AUDIO_PATTERNS = ['mp3', 'm4a', 'aac', 'ogg', 'opus', 'wav', 'flac'].flatMap((ext) => [`*://*/*.${ext}`, `*://*/*.${ext}?*`]).concat(FIRESIDE_ENCLOSURES);

/** The right-click items (`utils/menus/context-menu.ts`). */
export const MENU_IDS = {
  /** "Request transcript" on an episode page. */
  page: 'request-transcript',
  /** The same on a link to one. */
  link: 'request-transcript-link',
  /** Transcribing through the API: an audio element or a link to an audio file… */
  transcribeAudio: 'transcribe-audio',
  /** …or a link to an episode page, whose audio is found by reading the episode. */
  transcribeLink: 'transcribe-episode-link',
} as const;

/** The keyboard shortcut for a transcript of the current tab's episode (`utils/menus/command.ts`). */
export const COMMAND_REQUEST_TRANSCRIPT = 'request-transcript';

/** The board page's three files, shipped as text with the server (see script.ts for why there is no bundle). */
export { boardPage } from './page.js';
export { BOARD_CSS } from './style.js';
export { BOARD_JS } from './script.js';

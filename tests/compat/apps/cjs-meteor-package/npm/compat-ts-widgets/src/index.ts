export { SignatureCount } from './signature-count.js';
export { formatCount } from './format.js';
export type { Counted } from './format.js';

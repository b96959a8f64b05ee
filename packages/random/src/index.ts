export { Random, SecureRandom } from './random';
export { RandomGenerator, UNMISTAKABLE_CHARS, BASE64_CHARS } from './random-generator';
export { AleaRandomGenerator } from './alea-random-generator';
export { CryptoRandomGenerator, type RandomValuesSource } from './crypto-random-generator';
export { RandomStream, makeRpcSeed, type RandomStreamScope, type StreamSeed } from './random-stream';
export type { AleaSeed } from './alea';

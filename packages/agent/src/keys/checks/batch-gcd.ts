// Batch GCD lives in @keywatch/protocol (the server runs it over the whole inventory too).
export { batchGcd, findSharedPrimes, gcd } from '@keywatch/protocol';
export type { SharedPrime } from '@keywatch/protocol';

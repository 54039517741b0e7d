/**
 * The one place the tests and benchmarks import {@link BurrowNode} from: when the node moves,
 * only this line follows it.
 */
export { BurrowNode, type BurrowNodeOptions } from '../../src/app/index.js';

/** Dense kernels on flat row-major Float64Arrays: products, Cholesky, symmetric eigendecomposition. */
export * from './matrix.js';
export { cholesky, choleskySolve, choleskyLogDet } from './cholesky.js';
export { symmetricEigen, type SymmetricEigenOptions, type SymmetricEigenResult } from './symmetricEigen.js';

// nrc/numerics/parallel.h
//
// ParallelThreads(): how many threads nrc's data-parallel loops may use (today
// only DenseHessian's columns, nets/mlp.h). The environment variable
// NRC_THREADS (an integer 1..256) sets it; otherwise the number of hardware
// threads (std::thread::hardware_concurrency, 1 if unknown), at most 8. Loops
// that use it split independent work only: their results are the same bits
// for every thread count. A malformed NRC_THREADS throws std::invalid_argument
// naming it.
#ifndef NRC_NUMERICS_PARALLEL_H_
#define NRC_NUMERICS_PARALLEL_H_

namespace nrc {

int ParallelThreads();

}  // namespace nrc

#endif  // NRC_NUMERICS_PARALLEL_H_

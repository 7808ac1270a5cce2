// Instantiates every theory/ template for ::nrc::Mpfr (one translation unit per scalar:
// MPFR Eigen code compiles slowly).
#include "theory/detail/network_context_impl.h"
#include "theory/detail/statements_impl.h"

NRC_INSTANTIATE_THEORY(::nrc::Mpfr)

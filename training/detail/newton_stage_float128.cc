// Instantiates training/newton_stage.h for ::nrc::Float128 (one scalar per translation unit).
#include "training/detail/newton_stage_impl.h"

NRC_INSTANTIATE_NEWTON_STAGE(::nrc::Float128)

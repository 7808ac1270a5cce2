// Instantiates training/newton_stage.h for double (one scalar per translation unit).
#include "training/detail/newton_stage_impl.h"

NRC_INSTANTIATE_NEWTON_STAGE(double)

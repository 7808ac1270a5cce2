// Instantiates training/newton_stage.h for float (one scalar per translation unit).
#include "training/detail/newton_stage_impl.h"

NRC_INSTANTIATE_NEWTON_STAGE(float)

/* Umbrella header for the generated protobuf-c bindings of proto/*.proto. */
#ifndef GRAPHGRAD_CGRAPHDEFPROTO_H
#define GRAPHGRAD_CGRAPHDEFPROTO_H
#include "types.pb-c.h"
#include "tensor_shape.pb-c.h"
#include "resource_handle.pb-c.h"
#include "tensor.pb-c.h"
#include "attr_value.pb-c.h"
#include "full_type.pb-c.h"
#include "node_def.pb-c.h"
#include "op_def.pb-c.h"
#include "function.pb-c.h"
#include "versions.pb-c.h"
#include "graph_debug_info.pb-c.h"
#include "graph.pb-c.h"
#endif

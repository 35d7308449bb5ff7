#ifndef GRAPHGRAD_CPROTOBUFC_SHIM_H
#define GRAPHGRAD_CPROTOBUFC_SHIM_H
#include <protobuf-c/protobuf-c.h>
#endif
